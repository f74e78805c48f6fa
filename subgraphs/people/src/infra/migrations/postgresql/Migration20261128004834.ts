import { Migration } from '@mikro-orm/migrations';

export class Migration20261128004834 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "appraisal" ("id" uuid not null, "rep_id" uuid not null, "period" varchar(7) not null, "scheme_id" uuid not null, "result" jsonb not null, "total" int not null, "rating" varchar(1) not null, "created_at" timestamptz not null, constraint "appraisal_pkey" primary key ("id"));`);
    this.addSql(`create index "appraisal_rep_period_idx" on "appraisal" ("rep_id", "period");`);

    this.addSql(`create table "budget" ("id" uuid not null, "period" varchar(7) not null, "kind" varchar(16) not null, "scope_kind" varchar(16) not null, "scope_ref" varchar(60) not null, "amount" bigint not null, "created_at" timestamptz not null, constraint "budget_pkey" primary key ("id"));`);
    this.addSql(`alter table "budget" add constraint "budget_scope_uq" unique ("period", "kind", "scope_kind", "scope_ref");`);

    this.addSql(`create table "budget_spend" ("id" uuid not null, "budget_id" uuid not null, "amount" bigint not null, "spent_at" timestamptz not null, "note" varchar(500) null, "overspend" boolean not null, "created_at" timestamptz not null, constraint "budget_spend_pkey" primary key ("id"));`);
    this.addSql(`create index "budget_spend_budget_idx" on "budget_spend" ("budget_id");`);

    this.addSql(`create table "commission_assignment" ("id" uuid not null, "rep_id" uuid not null, "plan_id" uuid not null, "valid_from" timestamptz not null, "created_at" timestamptz not null, constraint "commission_assignment_pkey" primary key ("id"));`);
    this.addSql(`alter table "commission_assignment" add constraint "commission_assignment_rep_from_uq" unique ("rep_id", "valid_from");`);

    this.addSql(`create table "commission_entry" ("id" uuid not null, "source_key" varchar(80) not null, "rep_id" uuid not null, "plan_id" uuid not null, "order_id" uuid not null, "payment_id" uuid null, "kind" varchar(10) not null, "month" varchar(7) not null, "basis_amount" bigint not null, "amount" bigint not null, "target_id" uuid null, "bands" jsonb not null, "explanation" varchar(500) not null, "reverses_id" uuid null, "created_at" timestamptz not null, constraint "commission_entry_pkey" primary key ("id"));`);
    this.addSql(`alter table "commission_entry" add constraint "commission_entry_source_uq" unique ("source_key");`);
    this.addSql(`create index "commission_entry_rep_month_idx" on "commission_entry" ("rep_id", "month");`);
    this.addSql(`create index "commission_entry_order_idx" on "commission_entry" ("order_id");`);

    this.addSql(`create table "commission_payout" ("id" uuid not null, "rep_id" uuid not null, "period" varchar(7) not null, "amount" bigint not null, "paid_at" timestamptz not null, constraint "commission_payout_pkey" primary key ("id"));`);
    this.addSql(`create index "commission_payout_rep_period_idx" on "commission_payout" ("rep_id", "period");`);

    this.addSql(`create table "commission_plan" ("id" uuid not null, "name" varchar(120) not null, "basis" varchar(10) not null, "base_rate" int not null, "tiers" jsonb not null, "created_at" timestamptz not null, constraint "commission_plan_pkey" primary key ("id"));`);
    this.addSql(`alter table "commission_plan" add constraint "commission_plan_name_uq" unique ("name");`);

    this.addSql(`create table "key_result" ("id" uuid not null, "objective_id" uuid not null, "position" int not null, "title" varchar(200) not null, "target" bigint not null, "current" bigint not null, "unit" varchar(30) not null, "updated_at" timestamptz not null, constraint "key_result_pkey" primary key ("id"));`);
    this.addSql(`create index "key_result_objective_idx" on "key_result" ("objective_id");`);

    this.addSql(`create table "kpi_scheme" ("id" uuid not null, "name" varchar(120) not null, "kpis" jsonb not null, "created_at" timestamptz not null, constraint "kpi_scheme_pkey" primary key ("id"));`);
    this.addSql(`alter table "kpi_scheme" add constraint "kpi_scheme_name_uq" unique ("name");`);

    this.addSql(`create table "objective" ("id" uuid not null, "owner_rep_id" uuid not null, "period" varchar(7) not null, "title" varchar(200) not null, "created_at" timestamptz not null, constraint "objective_pkey" primary key ("id"));`);
    this.addSql(`create index "objective_owner_period_idx" on "objective" ("owner_rep_id", "period");`);

    this.addSql(`create table "order_credit" ("order_id" uuid not null, "status" varchar(10) not null, "sequence" int not null, "rep_id" uuid not null, "updated_at" timestamptz not null, constraint "order_credit_pkey" primary key ("order_id"));`);

    this.addSql(`create table "payment_fact" ("payment_id" uuid not null, "order_id" uuid not null, "rep_id" uuid not null, "region_code" varchar(20) not null, "amount" bigint not null, "month" varchar(7) not null, "paid_at" timestamptz not null, constraint "payment_fact_pkey" primary key ("payment_id"));`);
    this.addSql(`create index "payment_fact_month_rep_idx" on "payment_fact" ("month", "rep_id");`);

    this.addSql(`create table "region" ("code" varchar(20) not null, "name" varchar(120) not null, "parent_code" varchar(20) null, "created_at" timestamptz not null, constraint "region_pkey" primary key ("code"));`);

    this.addSql(`create table "rep_assignment" ("id" uuid not null, "rep_id" uuid not null, "change" varchar(16) not null, "team_id" uuid null, "region_code" varchar(20) not null, "manager_id" uuid null, "level" varchar(16) not null, "valid_from" timestamptz not null, "valid_to" timestamptz null, "reason" varchar(500) null, constraint "rep_assignment_pkey" primary key ("id"));`);
    this.addSql(`create index "rep_assignment_rep_idx" on "rep_assignment" ("rep_id", "valid_from");`);

    this.addSql(`create table "sales_fact" ("id" uuid not null, "order_id" uuid not null, "line_no" int not null, "kind" varchar(10) not null, "rep_id" uuid not null, "team_id" uuid null, "region_code" varchar(20) not null, "product_line" varchar(60) not null, "month" varchar(7) not null, "revenue" bigint not null, "margin" bigint not null, "at" timestamptz not null, constraint "sales_fact_pkey" primary key ("id"));`);
    this.addSql(`create index "sales_fact_month_rep_idx" on "sales_fact" ("month", "rep_id");`);
    this.addSql(`create index "sales_fact_month_region_idx" on "sales_fact" ("month", "region_code");`);
    this.addSql(`alter table "sales_fact" add constraint "sales_fact_line_uq" unique ("order_id", "line_no", "kind");`);

    this.addSql(`create table "sales_target" ("id" uuid not null, "period" varchar(7) not null, "period_kind" varchar(8) not null, "period_start" varchar(7) not null, "scope_kind" varchar(16) not null, "scope_ref" varchar(60) not null, "metric" varchar(16) not null, "amount" bigint not null, "parent_id" uuid null, "root_id" uuid not null, "decomposed_into" varchar(16) null, "method" varchar(16) null, "created_at" timestamptz not null, constraint "sales_target_pkey" primary key ("id"));`);
    this.addSql(`create index "sales_target_parent_idx" on "sales_target" ("parent_id");`);
    this.addSql(`create index "sales_target_root_idx" on "sales_target" ("root_id");`);
    this.addSql(`create index "sales_target_scope_idx" on "sales_target" ("scope_kind", "scope_ref");`);
    this.addSql(`alter table "sales_target" add constraint "sales_target_scope_uq" unique ("period", "scope_kind", "scope_ref", "metric");`);

    this.addSql(`create table "satisfaction_fact" ("survey_id" uuid not null, "customer_id" uuid not null, "rep_id" uuid not null, "csat" int null, "nps" int null, "month" varchar(7) not null, "at" timestamptz not null, constraint "satisfaction_fact_pkey" primary key ("survey_id"));`);
    this.addSql(`create index "satisfaction_fact_month_rep_idx" on "satisfaction_fact" ("month", "rep_id");`);

    this.addSql(`create table "team" ("id" uuid not null, "name" varchar(120) not null, "region_code" varchar(20) not null, "manager_id" uuid null, "created_at" timestamptz not null, constraint "team_pkey" primary key ("id"));`);
    this.addSql(`alter table "team" add constraint "team_region_name_uq" unique ("region_code", "name");`);

    this.addSql(`create table "training_record" ("id" uuid not null, "rep_id" uuid not null, "course" varchar(200) not null, "completed_at" timestamptz not null, "score" int null, "hours" int not null, "created_at" timestamptz not null, constraint "training_record_pkey" primary key ("id"));`);
    this.addSql(`create index "training_record_rep_idx" on "training_record" ("rep_id", "completed_at");`);

    this.addSql(`alter table "customer_ownership" add column "created_rep_id" uuid null, add column "created_team_id" uuid null, add column "region_code" varchar(20) null, add column "created_month" varchar(7) null;`);
    this.addSql(`create index "customer_ownership_month_idx" on "customer_ownership" ("created_month");`);

    this.addSql(`alter table "sales_rep" add column "employee_no" varchar(32) null, add column "team_id" uuid null, add column "manager_id" uuid null, add column "active" boolean not null default true, add column "offboarded_at" timestamptz null;`);
    this.addSql(`alter table "sales_rep" add constraint "sales_rep_employee_no_uq" unique ("employee_no");`);
    this.addSql(`create index "sales_rep_team_idx" on "sales_rep" ("team_id");`);
    this.addSql(`create index "sales_rep_region_idx" on "sales_rep" ("region_code");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "appraisal" cascade;`);

    this.addSql(`drop table if exists "budget" cascade;`);

    this.addSql(`drop table if exists "budget_spend" cascade;`);

    this.addSql(`drop table if exists "commission_assignment" cascade;`);

    this.addSql(`drop table if exists "commission_entry" cascade;`);

    this.addSql(`drop table if exists "commission_payout" cascade;`);

    this.addSql(`drop table if exists "commission_plan" cascade;`);

    this.addSql(`drop table if exists "key_result" cascade;`);

    this.addSql(`drop table if exists "kpi_scheme" cascade;`);

    this.addSql(`drop table if exists "objective" cascade;`);

    this.addSql(`drop table if exists "order_credit" cascade;`);

    this.addSql(`drop table if exists "payment_fact" cascade;`);

    this.addSql(`drop table if exists "region" cascade;`);

    this.addSql(`drop table if exists "rep_assignment" cascade;`);

    this.addSql(`drop table if exists "sales_fact" cascade;`);

    this.addSql(`drop table if exists "sales_target" cascade;`);

    this.addSql(`drop table if exists "satisfaction_fact" cascade;`);

    this.addSql(`drop table if exists "team" cascade;`);

    this.addSql(`drop table if exists "training_record" cascade;`);

    this.addSql(`drop index "customer_ownership_month_idx";`);
    this.addSql(`alter table "customer_ownership" drop column "created_rep_id", drop column "created_team_id", drop column "region_code", drop column "created_month";`);

    this.addSql(`alter table "sales_rep" drop constraint "sales_rep_employee_no_uq";`);
    this.addSql(`drop index "sales_rep_team_idx";`);
    this.addSql(`drop index "sales_rep_region_idx";`);
    this.addSql(`alter table "sales_rep" drop column "employee_no", drop column "team_id", drop column "manager_id", drop column "active", drop column "offboarded_at";`);
  }

}
