import { Migration } from '@mikro-orm/migrations';

export class Migration20261128004923 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`contract\` (\`id\` text not null, \`number\` text not null, \`version\` integer not null, \`previous_version_id\` text null, \`superseded_by_id\` text null, \`customer_id\` text not null, \`title\` text not null, \`status\` text not null, \`items\` json not null, \`value_minor\` bigint not null, \`payment_terms\` json not null, \`delivery_terms\` json not null, \`quality_terms\` json null, \`penalty_terms\` json null, \`valid_from\` text not null, \`valid_to\` text not null, \`signed_by\` text null, \`signed_at\` datetime null, \`history\` json not null, \`created_by\` text not null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`revision\` integer not null, primary key (\`id\`));`);
    this.addSql(`create index \`contract_customer_idx\` on \`contract\` (\`customer_id\`, \`id\`);`);
    this.addSql(`create index \`contract_status_idx\` on \`contract\` (\`status\`, \`id\`);`);
    this.addSql(`create unique index \`contract_number_version_uq\` on \`contract\` (\`number\`, \`version\`);`);

    this.addSql(`create table \`customer_account\` (\`customer_id\` text not null, \`name\` text not null, \`region_code\` text not null, \`owner_rep_id\` text not null, \`credit_limit_minor\` bigint null, \`sequence\` integer not null, \`updated_at\` datetime not null, primary key (\`customer_id\`));`);

    this.addSql(`create table \`document_counter\` (\`name\` text not null, \`value\` integer not null, primary key (\`name\`));`);

    this.addSql(`create table \`sales_order\` (\`id\` text not null, \`number\` text not null, \`customer_id\` text not null, \`rep_id\` text not null, \`region_code\` text not null, \`contract_id\` text null, \`status\` text not null, \`lines\` json not null, \`total_minor\` bigint not null, \`total_cost_minor\` bigint not null, \`requested_delivery_date\` text null, \`promised_by\` text null, \`payment_terms\` json not null, \`penalty_terms\` json null, \`placed_at\` datetime not null, \`placed_by\` text not null, \`approved_at\` datetime null, \`approved_by\` text null, \`delivered_at\` datetime null, \`closed_at\` datetime null, \`reason\` text null, \`shipments\` json not null, \`history\` json not null, \`days_late\` integer not null default 0, \`penalty_minor\` bigint not null, \`paid_minor\` bigint not null, \`amount_due_minor\` bigint not null, \`due_date\` text null, \`backorder\` json null, \`revision\` integer not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`sales_order_number_uq\` on \`sales_order\` (\`number\`);`);
    this.addSql(`create index \`sales_order_customer_idx\` on \`sales_order\` (\`customer_id\`, \`id\`);`);
    this.addSql(`create index \`sales_order_rep_idx\` on \`sales_order\` (\`rep_id\`, \`id\`);`);
    this.addSql(`create index \`sales_order_status_idx\` on \`sales_order\` (\`status\`, \`id\`);`);
    this.addSql(`create index \`sales_order_contract_idx\` on \`sales_order\` (\`contract_id\`);`);

    this.addSql(`create table \`order_review\` (\`id\` text not null, \`order_id\` text not null, \`reviewer\` text not null, \`at\` datetime not null, \`passed\` integer not null, \`failures\` json not null, primary key (\`id\`));`);
    this.addSql(`create index \`order_review_order_idx\` on \`order_review\` (\`order_id\`, \`id\`);`);

    this.addSql(`create table \`payment\` (\`id\` text not null, \`order_id\` text not null, \`customer_id\` text not null, \`amount_minor\` bigint not null, \`paid_at\` datetime not null, \`method\` text not null, \`reference\` text null, \`recorded_by\` text not null, \`recorded_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`payment_order_idx\` on \`payment\` (\`order_id\`, \`id\`);`);

    this.addSql(`alter table \`product\` add column \`unit_cost_minor\` bigint null;`);
    this.addSql(`alter table \`product\` add column \`updated_at\` datetime null;`);
  }

}
