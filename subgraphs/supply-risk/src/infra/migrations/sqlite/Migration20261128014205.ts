import { Migration } from '@mikro-orm/migrations';

export class Migration20261128014205 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`customer_churn_risk\` (\`customer_id\` text not null, \`risk_id\` text null, \`level\` text not null, \`score\` integer not null, \`sequence\` integer not null, \`updated_at\` datetime not null, primary key (\`customer_id\`));`);

    this.addSql(`create table \`late_delivery\` (\`order_id\` text not null, \`customer_id\` text not null, \`region_code\` text null, \`days_late\` integer not null, \`at\` datetime not null, \`sequence\` integer not null, primary key (\`order_id\`));`);
    this.addSql(`create index \`late_delivery_region_idx\` on \`late_delivery\` (\`region_code\`, \`at\`);`);

    this.addSql(`create table \`quality_complaint\` (\`complaint_id\` text not null, \`customer_id\` text not null, \`order_id\` text null, \`severity\` text not null, \`filed_at\` datetime not null, primary key (\`complaint_id\`));`);
    this.addSql(`create index \`quality_complaint_order_idx\` on \`quality_complaint\` (\`order_id\`);`);

    this.addSql(`create table \`region_logistics_risk\` (\`region_code\` text not null, \`risk_id\` text not null, \`updated_at\` datetime not null, primary key (\`region_code\`));`);

    this.addSql(`create table \`sku_product_line\` (\`sku\` text not null, \`product_line\` text not null, \`product_line_key\` text not null, \`updated_at\` datetime not null, primary key (\`sku\`));`);
    this.addSql(`create index \`sku_product_line_key_idx\` on \`sku_product_line\` (\`product_line_key\`);`);
  }

}
