import { Migration } from '@mikro-orm/migrations';

export class Migration20261128002626 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "customer_ownership" ("customer_id" uuid not null, "rep_id" uuid not null, "sequence" int not null, "updated_at" timestamptz not null, constraint "customer_ownership_pkey" primary key ("customer_id"));`);
    this.addSql(`create index "customer_ownership_rep_idx" on "customer_ownership" ("rep_id");`);

    this.addSql(`create table "event_inbox" ("consumer" varchar(120) not null, "event_id" varchar(64) not null, "type" varchar(120) not null, "processed_at" timestamptz not null, constraint "event_inbox_pkey" primary key ("consumer", "event_id"));`);

    this.addSql(`create table "event_outbox" ("event_id" varchar(64) not null, "type" varchar(120) not null, "aggregate_id" varchar(64) not null, "envelope" text not null, "created_at" timestamptz not null, "published_at" timestamptz null, "lease_until" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "event_outbox_pkey" primary key ("event_id"));`);
    this.addSql(`create index "event_outbox_pending_idx" on "event_outbox" ("published_at", "event_id");`);

    this.addSql(`create table "sales_rep" ("id" uuid not null, "name" varchar(120) not null, "email" varchar(254) not null, "region_code" varchar(20) not null, "level" varchar(16) not null, "hired_at" timestamptz not null, "version" int not null, constraint "sales_rep_pkey" primary key ("id"));`);
    this.addSql(`alter table "sales_rep" add constraint "sales_rep_email_unique" unique ("email");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_ownership" cascade;`);

    this.addSql(`drop table if exists "event_inbox" cascade;`);

    this.addSql(`drop table if exists "event_outbox" cascade;`);

    this.addSql(`drop table if exists "sales_rep" cascade;`);
  }

}
