import { Migration } from '@mikro-orm/migrations';

export class Migration20261128014208 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`sales_fact\` (\`id\` text not null, \`order_id\` text not null, \`day\` text not null, \`kind\` text not null, \`customer_id\` text not null, \`rep_id\` text not null, \`region_code\` text not null, \`product_line\` text not null, \`sku\` text not null, \`quantity\` integer not null, \`revenue_minor\` bigint not null, \`cost_minor\` bigint not null, \`margin_minor\` bigint not null, primary key (\`id\`));`);
    this.addSql(`create index \`sales_fact_day_idx\` on \`sales_fact\` (\`day\`);`);
    this.addSql(`create index \`sales_fact_region_idx\` on \`sales_fact\` (\`region_code\`, \`day\`);`);
    this.addSql(`create index \`sales_fact_rep_idx\` on \`sales_fact\` (\`rep_id\`, \`day\`);`);
    this.addSql(`create index \`sales_fact_line_idx\` on \`sales_fact\` (\`product_line\`, \`day\`);`);
    this.addSql(`create index \`sales_fact_order_idx\` on \`sales_fact\` (\`order_id\`);`);
  }

}
