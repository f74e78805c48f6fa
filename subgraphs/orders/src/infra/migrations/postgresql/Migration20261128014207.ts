import { Migration } from '@mikro-orm/migrations';

export class Migration20261128014207 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "sales_fact" ("id" varchar(36) not null, "order_id" varchar(36) not null, "day" varchar(10) not null, "kind" varchar(10) not null, "customer_id" varchar(36) not null, "rep_id" varchar(36) not null, "region_code" varchar(20) not null, "product_line" varchar(100) not null, "sku" varchar(64) not null, "quantity" int not null, "revenue_minor" bigint not null, "cost_minor" bigint not null, "margin_minor" bigint not null, constraint "sales_fact_pkey" primary key ("id"));`);
    this.addSql(`create index "sales_fact_day_idx" on "sales_fact" ("day");`);
    this.addSql(`create index "sales_fact_region_idx" on "sales_fact" ("region_code", "day");`);
    this.addSql(`create index "sales_fact_rep_idx" on "sales_fact" ("rep_id", "day");`);
    this.addSql(`create index "sales_fact_line_idx" on "sales_fact" ("product_line", "day");`);
    this.addSql(`create index "sales_fact_order_idx" on "sales_fact" ("order_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sales_fact" cascade;`);
  }

}
