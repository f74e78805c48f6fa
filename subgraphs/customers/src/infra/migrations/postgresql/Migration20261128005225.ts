import { Migration } from '@mikro-orm/migrations';

export class Migration20261128005225 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "complaint" ("id" uuid not null, "customer_id" uuid not null, "order_id" uuid null, "category" varchar(16) not null, "severity" varchar(16) not null, "description" varchar(4000) not null, "status" varchar(16) not null, "due_at" timestamptz not null, "overdue" boolean not null, "resolution" varchar(4000) null, "filed_at" timestamptz not null, "started_at" timestamptz null, "resolved_at" timestamptz null, "closed_at" timestamptz null, "version" int not null, constraint "complaint_pkey" primary key ("id"));`);
    this.addSql(`create index "complaint_customer_idx" on "complaint" ("customer_id");`);
    this.addSql(`create index "complaint_status_due_idx" on "complaint" ("status", "due_at");`);

    this.addSql(`create table "customer_product" ("customer_id" uuid not null, "sku" varchar(64) not null, constraint "customer_product_pkey" primary key ("customer_id", "sku"));`);
    this.addSql(`create index "customer_product_sku_idx" on "customer_product" ("sku");`);

    this.addSql(`create table "interaction" ("id" uuid not null, "customer_id" uuid not null, "type" varchar(16) not null, "occurred_at" timestamptz not null, "summary" varchar(2000) not null, "outcome" varchar(2000) null, "rep_id" uuid not null, "created_at" timestamptz not null, constraint "interaction_pkey" primary key ("id"));`);
    this.addSql(`create index "interaction_customer_idx" on "interaction" ("customer_id", "id");`);

    this.addSql(`create table "lifecycle_change" ("id" uuid not null, "customer_id" uuid not null, "from_stage" varchar(16) null, "to_stage" varchar(16) not null, "reason" varchar(500) not null, "manual" boolean not null, "actor" varchar(200) null, "at" timestamptz not null, constraint "lifecycle_change_pkey" primary key ("id"));`);
    this.addSql(`create index "lifecycle_change_customer_idx" on "lifecycle_change" ("customer_id", "at");`);

    this.addSql(`create table "opportunity" ("id" uuid not null, "customer_id" uuid not null, "title" varchar(200) not null, "amount_minor" bigint not null, "expected_close_date" varchar(10) not null, "owner_rep_id" uuid not null, "stage" varchar(16) not null, "lost_reason" varchar(500) null, "closed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null, constraint "opportunity_pkey" primary key ("id"));`);
    this.addSql(`create index "opportunity_customer_idx" on "opportunity" ("customer_id");`);
    this.addSql(`create index "opportunity_owner_idx" on "opportunity" ("owner_rep_id");`);
    this.addSql(`create index "opportunity_close_idx" on "opportunity" ("expected_close_date");`);

    this.addSql(`create table "order_fact" ("order_id" uuid not null, "customer_id" uuid not null, "status" varchar(16) not null, "total_minor" bigint not null default 0, "approved_at" timestamptz null, "skus" jsonb not null, "outstanding_after_payment_minor" bigint null, "fully_paid" boolean not null default false, "delivered_at" timestamptz null, "days_late" int not null default 0, "late_at" timestamptz null, "sequence" int not null default 0, "updated_at" timestamptz not null, constraint "order_fact_pkey" primary key ("order_id"));`);
    this.addSql(`create index "order_fact_customer_idx" on "order_fact" ("customer_id");`);

    this.addSql(`create table "satisfaction_survey" ("id" uuid not null, "customer_id" uuid not null, "order_id" uuid null, "csat" int null, "nps" int null, "comment" varchar(4000) null, "at" timestamptz not null, constraint "satisfaction_survey_pkey" primary key ("id"));`);
    this.addSql(`create index "satisfaction_customer_idx" on "satisfaction_survey" ("customer_id");`);

    this.addSql(`create table "supply_alert" ("alert_id" uuid not null, "open" boolean not null, "severity" varchar(16) not null, "rule" varchar(32) not null, "skus" jsonb not null, "customer_ids" jsonb not null, "message" varchar(2000) not null, "sequence" int not null, "updated_at" timestamptz not null, constraint "supply_alert_pkey" primary key ("alert_id"));`);
    this.addSql(`create index "supply_alert_open_idx" on "supply_alert" ("open");`);

    this.addSql(`alter table "customer" add column "industry" varchar(100) null, add column "tags" jsonb not null default '[]', add column "contacts" jsonb not null default '[]', add column "segment" varchar(1) not null default 'D', add column "computed_segment" varchar(1) not null default 'D', add column "segment_override" varchar(1) null, add column "segment_override_reason" varchar(500) null, add column "rfm_recency" int not null default 1, add column "rfm_frequency" int not null default 1, add column "rfm_monetary" int not null default 1, add column "lifecycle_stage" varchar(16) not null default 'LEAD', add column "lifecycle_changed_at" timestamptz not null default current_timestamp, add column "churn_score" int not null default 0, add column "churn_level" varchar(8) not null default 'LOW', add column "churn_reasons" jsonb not null default '[]', add column "churn_evaluated_at" timestamptz null, add column "lifetime_value_minor" bigint not null default 0, add column "order_count" int not null default 0, add column "first_order_at" timestamptz null, add column "last_order_at" timestamptz null, add column "open_receivables_minor" bigint not null default 0, add column "late_delivery_count" int not null default 0, add column "complaint_count" int not null default 0, add column "open_complaint_count" int not null default 0, add column "overdue_complaint_count" int not null default 0, add column "last_csat" int null, add column "last_nps" int null, add column "last_satisfaction_at" timestamptz null, add column "open_supply_alert_count" int not null default 0;`);
    this.addSql(`create index "customer_segment_idx" on "customer" ("segment");`);
    this.addSql(`create index "customer_lifecycle_idx" on "customer" ("lifecycle_stage");`);
    this.addSql(`create index "customer_churn_level_idx" on "customer" ("churn_level");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "complaint" cascade;`);

    this.addSql(`drop table if exists "customer_product" cascade;`);

    this.addSql(`drop table if exists "interaction" cascade;`);

    this.addSql(`drop table if exists "lifecycle_change" cascade;`);

    this.addSql(`drop table if exists "opportunity" cascade;`);

    this.addSql(`drop table if exists "order_fact" cascade;`);

    this.addSql(`drop table if exists "satisfaction_survey" cascade;`);

    this.addSql(`drop table if exists "supply_alert" cascade;`);

    this.addSql(`drop index "customer_segment_idx";`);
    this.addSql(`drop index "customer_lifecycle_idx";`);
    this.addSql(`drop index "customer_churn_level_idx";`);
    this.addSql(`alter table "customer" drop column "industry", drop column "tags", drop column "contacts", drop column "segment", drop column "computed_segment", drop column "segment_override", drop column "segment_override_reason", drop column "rfm_recency", drop column "rfm_frequency", drop column "rfm_monetary", drop column "lifecycle_stage", drop column "lifecycle_changed_at", drop column "churn_score", drop column "churn_level", drop column "churn_reasons", drop column "churn_evaluated_at", drop column "lifetime_value_minor", drop column "order_count", drop column "first_order_at", drop column "last_order_at", drop column "open_receivables_minor", drop column "late_delivery_count", drop column "complaint_count", drop column "open_complaint_count", drop column "overdue_complaint_count", drop column "last_csat", drop column "last_nps", drop column "last_satisfaction_at", drop column "open_supply_alert_count";`);
  }

}
