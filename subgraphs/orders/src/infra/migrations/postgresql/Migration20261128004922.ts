import { Migration } from '@mikro-orm/migrations';

export class Migration20261128004922 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "contract" ("id" varchar(36) not null, "number" varchar(20) not null, "version" int not null, "previous_version_id" varchar(36) null, "superseded_by_id" varchar(36) null, "customer_id" varchar(36) not null, "title" varchar(200) not null, "status" varchar(20) not null, "items" jsonb not null, "value_minor" bigint not null, "payment_terms" jsonb not null, "delivery_terms" jsonb not null, "quality_terms" jsonb null, "penalty_terms" jsonb null, "valid_from" varchar(10) not null, "valid_to" varchar(10) not null, "signed_by" varchar(200) null, "signed_at" timestamptz null, "history" jsonb not null, "created_by" varchar(200) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "revision" int not null, constraint "contract_pkey" primary key ("id"));`);
    this.addSql(`create index "contract_customer_idx" on "contract" ("customer_id", "id");`);
    this.addSql(`create index "contract_status_idx" on "contract" ("status", "id");`);
    this.addSql(`alter table "contract" add constraint "contract_number_version_uq" unique ("number", "version");`);

    this.addSql(`create table "customer_account" ("customer_id" varchar(36) not null, "name" varchar(200) not null, "region_code" varchar(20) not null, "owner_rep_id" varchar(36) not null, "credit_limit_minor" bigint null, "sequence" int not null, "updated_at" timestamptz not null, constraint "customer_account_pkey" primary key ("customer_id"));`);

    this.addSql(`create table "document_counter" ("name" varchar(20) not null, "value" int not null, constraint "document_counter_pkey" primary key ("name"));`);

    this.addSql(`create table "sales_order" ("id" varchar(36) not null, "number" varchar(20) not null, "customer_id" varchar(36) not null, "rep_id" varchar(36) not null, "region_code" varchar(20) not null, "contract_id" varchar(36) null, "status" varchar(20) not null, "lines" jsonb not null, "total_minor" bigint not null, "total_cost_minor" bigint not null, "requested_delivery_date" varchar(10) null, "promised_by" varchar(10) null, "payment_terms" jsonb not null, "penalty_terms" jsonb null, "placed_at" timestamptz not null, "placed_by" varchar(200) not null, "approved_at" timestamptz null, "approved_by" varchar(200) null, "delivered_at" timestamptz null, "closed_at" timestamptz null, "reason" text null, "shipments" jsonb not null, "history" jsonb not null, "days_late" int not null default 0, "penalty_minor" bigint not null, "paid_minor" bigint not null, "amount_due_minor" bigint not null, "due_date" varchar(10) null, "backorder" jsonb null, "revision" int not null, constraint "sales_order_pkey" primary key ("id"));`);
    this.addSql(`alter table "sales_order" add constraint "sales_order_number_uq" unique ("number");`);
    this.addSql(`create index "sales_order_customer_idx" on "sales_order" ("customer_id", "id");`);
    this.addSql(`create index "sales_order_rep_idx" on "sales_order" ("rep_id", "id");`);
    this.addSql(`create index "sales_order_status_idx" on "sales_order" ("status", "id");`);
    this.addSql(`create index "sales_order_contract_idx" on "sales_order" ("contract_id");`);

    this.addSql(`create table "order_review" ("id" varchar(36) not null, "order_id" varchar(36) not null, "reviewer" varchar(200) not null, "at" timestamptz not null, "passed" boolean not null, "failures" jsonb not null, constraint "order_review_pkey" primary key ("id"));`);
    this.addSql(`create index "order_review_order_idx" on "order_review" ("order_id", "id");`);

    this.addSql(`create table "payment" ("id" varchar(36) not null, "order_id" varchar(36) not null, "customer_id" varchar(36) not null, "amount_minor" bigint not null, "paid_at" timestamptz not null, "method" varchar(20) not null, "reference" varchar(100) null, "recorded_by" varchar(200) not null, "recorded_at" timestamptz not null, constraint "payment_pkey" primary key ("id"));`);
    this.addSql(`create index "payment_order_idx" on "payment" ("order_id", "id");`);

    this.addSql(`alter table "product" add column "unit_cost_minor" bigint null, add column "updated_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "contract" cascade;`);

    this.addSql(`drop table if exists "customer_account" cascade;`);

    this.addSql(`drop table if exists "document_counter" cascade;`);

    this.addSql(`drop table if exists "sales_order" cascade;`);

    this.addSql(`drop table if exists "order_review" cascade;`);

    this.addSql(`drop table if exists "payment" cascade;`);

    this.addSql(`alter table "product" drop column "unit_cost_minor", drop column "updated_at";`);
  }

}
