import { Migration } from '@mikro-orm/migrations';

export class Migration20261128014205 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "customer_churn_risk" ("customer_id" uuid not null, "risk_id" uuid null, "level" varchar(10) not null, "score" int not null, "sequence" int not null, "updated_at" timestamptz not null, constraint "customer_churn_risk_pkey" primary key ("customer_id"));`);

    this.addSql(`create table "late_delivery" ("order_id" uuid not null, "customer_id" uuid not null, "region_code" varchar(20) null, "days_late" int not null, "at" timestamptz not null, "sequence" int not null, constraint "late_delivery_pkey" primary key ("order_id"));`);
    this.addSql(`create index "late_delivery_region_idx" on "late_delivery" ("region_code", "at");`);

    this.addSql(`create table "quality_complaint" ("complaint_id" uuid not null, "customer_id" uuid not null, "order_id" uuid null, "severity" varchar(12) not null, "filed_at" timestamptz not null, constraint "quality_complaint_pkey" primary key ("complaint_id"));`);
    this.addSql(`create index "quality_complaint_order_idx" on "quality_complaint" ("order_id");`);

    this.addSql(`create table "region_logistics_risk" ("region_code" varchar(20) not null, "risk_id" uuid not null, "updated_at" timestamptz not null, constraint "region_logistics_risk_pkey" primary key ("region_code"));`);

    this.addSql(`create table "sku_product_line" ("sku" varchar(40) not null, "product_line" varchar(200) not null, "product_line_key" varchar(200) not null, "updated_at" timestamptz not null, constraint "sku_product_line_pkey" primary key ("sku"));`);
    this.addSql(`create index "sku_product_line_key_idx" on "sku_product_line" ("product_line_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_churn_risk" cascade;`);

    this.addSql(`drop table if exists "late_delivery" cascade;`);

    this.addSql(`drop table if exists "quality_complaint" cascade;`);

    this.addSql(`drop table if exists "region_logistics_risk" cascade;`);

    this.addSql(`drop table if exists "sku_product_line" cascade;`);
  }

}
