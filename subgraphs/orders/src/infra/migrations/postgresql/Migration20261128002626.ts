import { Migration } from '@mikro-orm/migrations';

export class Migration20261128002626 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "event_inbox" ("consumer" varchar(120) not null, "event_id" varchar(64) not null, "type" varchar(120) not null, "processed_at" timestamptz not null, constraint "event_inbox_pkey" primary key ("consumer", "event_id"));`);

    this.addSql(`create table "event_outbox" ("event_id" varchar(64) not null, "type" varchar(120) not null, "aggregate_id" varchar(64) not null, "envelope" text not null, "created_at" timestamptz not null, "published_at" timestamptz null, "lease_until" timestamptz null, "attempts" int not null default 0, "last_error" text null, constraint "event_outbox_pkey" primary key ("event_id"));`);
    this.addSql(`create index "event_outbox_pending_idx" on "event_outbox" ("published_at", "event_id");`);

    this.addSql(`create table "product" ("sku" varchar(40) not null, "name" varchar(200) not null, "product_line" varchar(60) not null, "unit_price_minor" bigint not null, "active" boolean not null default true, "created_at" timestamptz not null, constraint "product_pkey" primary key ("sku"));`);
    this.addSql(`create index "product_line_idx" on "product" ("product_line");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "event_inbox" cascade;`);

    this.addSql(`drop table if exists "event_outbox" cascade;`);

    this.addSql(`drop table if exists "product" cascade;`);
  }

}
