import { Migration } from '@mikro-orm/migrations';

export class Migration20261128002626 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`event_inbox\` (\`consumer\` text not null, \`event_id\` text not null, \`type\` text not null, \`processed_at\` datetime not null, primary key (\`consumer\`, \`event_id\`));`);

    this.addSql(`create table \`event_outbox\` (\`event_id\` text not null, \`type\` text not null, \`aggregate_id\` text not null, \`envelope\` text not null, \`created_at\` datetime not null, \`published_at\` datetime null, \`lease_until\` datetime null, \`attempts\` integer not null default 0, \`last_error\` text null, primary key (\`event_id\`));`);
    this.addSql(`create index \`event_outbox_pending_idx\` on \`event_outbox\` (\`published_at\`, \`event_id\`);`);

    this.addSql(`create table \`supplier\` (\`id\` text not null, \`name\` text not null, \`country\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);
  }

}
