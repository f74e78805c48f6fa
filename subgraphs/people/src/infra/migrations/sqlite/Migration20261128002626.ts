import { Migration } from '@mikro-orm/migrations';

export class Migration20261128002626 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`customer_ownership\` (\`customer_id\` text not null, \`rep_id\` text not null, \`sequence\` integer not null, \`updated_at\` datetime not null, primary key (\`customer_id\`));`);
    this.addSql(`create index \`customer_ownership_rep_idx\` on \`customer_ownership\` (\`rep_id\`);`);

    this.addSql(`create table \`event_inbox\` (\`consumer\` text not null, \`event_id\` text not null, \`type\` text not null, \`processed_at\` datetime not null, primary key (\`consumer\`, \`event_id\`));`);

    this.addSql(`create table \`event_outbox\` (\`event_id\` text not null, \`type\` text not null, \`aggregate_id\` text not null, \`envelope\` text not null, \`created_at\` datetime not null, \`published_at\` datetime null, \`lease_until\` datetime null, \`attempts\` integer not null default 0, \`last_error\` text null, primary key (\`event_id\`));`);
    this.addSql(`create index \`event_outbox_pending_idx\` on \`event_outbox\` (\`published_at\`, \`event_id\`);`);

    this.addSql(`create table \`sales_rep\` (\`id\` text not null, \`name\` text not null, \`email\` text not null, \`region_code\` text not null, \`level\` text not null, \`hired_at\` datetime not null, \`version\` integer not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`sales_rep_email_unique\` on \`sales_rep\` (\`email\`);`);
  }

}
