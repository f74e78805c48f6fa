import { Migration } from '@mikro-orm/migrations';

export class Migration20261128012219 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "alert" ("id" uuid not null, "rule" varchar(30) not null, "severity" varchar(10) not null, "status" varchar(14) not null, "subject_kind" varchar(20) not null, "subject_id" varchar(64) not null, "open_key" varchar(120) null, "message" text not null, "skus" jsonb not null, "customer_ids" jsonb not null, "raised_at" timestamptz not null, "acknowledged_at" timestamptz null, "acknowledged_by" varchar(120) null, "resolved_at" timestamptz null, "resolution" text null, "version" int not null, constraint "alert_pkey" primary key ("id"));`);
    this.addSql(`alter table "alert" add constraint "alert_open_key_unique" unique ("open_key");`);
    this.addSql(`create index "alert_status_idx" on "alert" ("status", "rule");`);

    this.addSql(`create table "contingency_action" ("id" uuid not null, "plan_id" uuid not null, "position" int not null, "title" varchar(200) not null, "owner_id" uuid null, "status" varchar(12) not null, "completed_at" timestamptz null, constraint "contingency_action_pkey" primary key ("id"));`);
    this.addSql(`create index "contingency_action_plan_idx" on "contingency_action" ("plan_id");`);

    this.addSql(`create table "contingency_plan" ("id" uuid not null, "risk_id" uuid not null, "trigger" text not null, "status" varchar(12) not null, "activated_at" timestamptz null, "activation_reason" text null, "completed_at" timestamptz null, "created_at" timestamptz not null, "version" int not null, constraint "contingency_plan_pkey" primary key ("id"));`);
    this.addSql(`create index "contingency_plan_risk_idx" on "contingency_plan" ("risk_id");`);

    this.addSql(`create table "inventory_position" ("sku" varchar(40) not null, "warehouse_code" varchar(20) not null, "on_hand" int not null, "reserved" int not null, "reorder_point" int not null, "safety_stock" int not null, "updated_at" timestamptz not null, "version" int not null default 1, constraint "inventory_position_pkey" primary key ("sku", "warehouse_code"));`);

    this.addSql(`create table "market_assessment" ("id" uuid not null, "kind" varchar(4) not null, "region_code" varchar(20) not null, "product_line" varchar(60) null, "entries" jsonb not null, "recorded_by" varchar(120) not null, "recorded_at" timestamptz not null, constraint "market_assessment_pkey" primary key ("id"));`);
    this.addSql(`create index "market_assessment_region_idx" on "market_assessment" ("region_code");`);

    this.addSql(`create table "order_line" ("order_id" uuid not null, "sku" varchar(40) not null, "quantity" int not null, "status" varchar(12) not null, "allocations" jsonb not null, "shipped_quantity" int not null, "shortfall" int not null, "approved_at" timestamptz null, "updated_at" timestamptz not null, constraint "order_line_pkey" primary key ("order_id", "sku"));`);
    this.addSql(`create index "order_line_sku_idx" on "order_line" ("sku", "status");`);
    this.addSql(`create index "order_line_sku_approved_idx" on "order_line" ("sku", "approved_at");`);

    this.addSql(`create table "risk" ("id" uuid not null, "category" varchar(20) not null, "title" varchar(200) not null, "description" text not null, "likelihood" int not null, "impact" int not null, "score" int not null, "level" varchar(10) not null, "status" varchar(12) not null, "owner_id" uuid null, "affects" jsonb not null, "evidence_ids" jsonb not null, "mitigation_plan" text null, "mitigation_due_at" timestamptz null, "closed_at" timestamptz null, "close_reason" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "version" int not null, constraint "risk_pkey" primary key ("id"));`);
    this.addSql(`create index "risk_status_idx" on "risk" ("status", "category");`);

    this.addSql(`create table "risk_assessment" ("id" uuid not null, "risk_id" uuid not null, "likelihood" int not null, "impact" int not null, "score" int not null, "level" varchar(10) not null, "note" text not null, "assessed_by" varchar(120) not null, "assessed_at" timestamptz not null, constraint "risk_assessment_pkey" primary key ("id"));`);
    this.addSql(`create index "risk_assessment_risk_idx" on "risk_assessment" ("risk_id", "id");`);

    this.addSql(`create table "risk_subject" ("risk_id" uuid not null, "kind" varchar(10) not null, "ref" varchar(64) not null, constraint "risk_subject_pkey" primary key ("risk_id", "kind", "ref"));`);
    this.addSql(`create index "risk_subject_ref_idx" on "risk_subject" ("kind", "ref");`);

    this.addSql(`create table "stock_movement" ("id" uuid not null, "sku" varchar(40) not null, "warehouse_code" varchar(20) not null, "kind" varchar(10) not null, "delta" int not null, "reason" varchar(500) not null, "order_id" uuid null, "at" timestamptz not null, constraint "stock_movement_pkey" primary key ("id"));`);
    this.addSql(`create index "stock_movement_sku_idx" on "stock_movement" ("sku", "at");`);

    this.addSql(`create table "supplier_delivery" ("id" uuid not null, "supplier_id" uuid not null, "sku" varchar(40) not null, "ordered_at" timestamptz null, "promised_at" timestamptz not null, "delivered_at" timestamptz not null, "quantity" int not null, "defect_quantity" int not null, "recorded_at" timestamptz not null, constraint "supplier_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "supplier_delivery_supplier_idx" on "supplier_delivery" ("supplier_id", "delivered_at");`);

    this.addSql(`create table "supplier_supply" ("supplier_id" uuid not null, "sku" varchar(40) not null, "share_bp" int not null, "lead_time_days" int not null, constraint "supplier_supply_pkey" primary key ("supplier_id", "sku"));`);
    this.addSql(`create index "supplier_supply_sku_idx" on "supplier_supply" ("sku");`);

    this.addSql(`create table "tracked_order" ("order_id" uuid not null, "customer_id" uuid not null, "region_code" varchar(20) null, "status" varchar(12) not null, "approved_at" timestamptz null, "sequence" int not null, "updated_at" timestamptz not null, constraint "tracked_order_pkey" primary key ("order_id"));`);

    this.addSql(`create table "warehouse" ("code" varchar(20) not null, "name" varchar(200) not null, "created_at" timestamptz not null, constraint "warehouse_pkey" primary key ("code"));`);

    this.addSql(`alter table "supplier" add column "categories" jsonb null, add column "updated_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "alert" cascade;`);

    this.addSql(`drop table if exists "contingency_action" cascade;`);

    this.addSql(`drop table if exists "contingency_plan" cascade;`);

    this.addSql(`drop table if exists "inventory_position" cascade;`);

    this.addSql(`drop table if exists "market_assessment" cascade;`);

    this.addSql(`drop table if exists "order_line" cascade;`);

    this.addSql(`drop table if exists "risk" cascade;`);

    this.addSql(`drop table if exists "risk_assessment" cascade;`);

    this.addSql(`drop table if exists "risk_subject" cascade;`);

    this.addSql(`drop table if exists "stock_movement" cascade;`);

    this.addSql(`drop table if exists "supplier_delivery" cascade;`);

    this.addSql(`drop table if exists "supplier_supply" cascade;`);

    this.addSql(`drop table if exists "tracked_order" cascade;`);

    this.addSql(`drop table if exists "warehouse" cascade;`);

    this.addSql(`alter table "supplier" drop column "categories", drop column "updated_at";`);
  }

}
