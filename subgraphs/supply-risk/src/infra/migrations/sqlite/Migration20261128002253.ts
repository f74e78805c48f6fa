import { Migration } from '@mikro-orm/migrations';

export class Migration20261128002253 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`event_inbox\` (\`consumer\` text not null, \`event_id\` text not null, \`type\` text not null, \`processed_at\` datetime not null, primary key (\`consumer\`, \`event_id\`));`);

    this.addSql(`create table \`event_outbox\` (\`seq\` integer not null primary key autoincrement, \`event_id\` text not null, \`type\` text not null, \`aggregate_id\` text not null, \`envelope\` text not null, \`created_at\` datetime not null, \`published_at\` datetime null, \`lease_until\` datetime null, \`attempts\` integer not null default 0, \`last_error\` text null);`);
    this.addSql(`create unique index \`event_outbox_event_id_unique\` on \`event_outbox\` (\`event_id\`);`);
    this.addSql(`create index \`event_outbox_pending_idx\` on \`event_outbox\` (\`published_at\`, \`seq\`);`);

    this.addSql(`create table \`supplier\` (\`id\` text not null, \`name\` text not null, \`country\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);
  }

}
