import { Migration } from '@mikro-orm/migrations';

export class Migration20261128002626 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "customer" ("id" uuid not null, "code" varchar(20) not null, "name" varchar(200) not null, "kind" varchar(16) not null, "region_code" varchar(20) not null, "owner_rep_id" uuid not null, "credit_limit_minor" bigint null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null, constraint "customer_pkey" primary key ("id"));`);
    this.addSql(`alter table "customer" add constraint "customer_code_unique" unique ("code");`);
    this.addSql(`create index "customer_owner_idx" on "customer" ("owner_rep_id");`);
    this.addSql(`create index "customer_region_idx" on "customer" ("region_code");`);

    this.addSql(`create table "event_inbox" ("consumer" varchar(120) not null, "event_id" varchar(64) not null, "type" varchar(120) not null, "processed_at" timestamptz not null, constraint "event_inbox_pkey" primary key ("consumer", "event_id"));`);

    this.addSql(`create table "event_outbox" ("event_id" varchar(64) not null, "type" varchar(120) not null, "aggregate_id" varchar(64) not null, "envelope" text not null, "created_at" timestamptz not null, "published_at" timestamptz null, "lease_until" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "event_outbox_pkey" primary key ("event_id"));`);
    this.addSql(`create index "event_outbox_pending_idx" on "event_outbox" ("published_at", "event_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer" cascade;`);

    this.addSql(`drop table if exists "event_inbox" cascade;`);

    this.addSql(`drop table if exists "event_outbox" cascade;`);
  }

}
