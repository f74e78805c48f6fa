import { Migration } from '@mikro-orm/migrations';

export class Migration20261128005227 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`complaint\` (\`id\` text not null, \`customer_id\` text not null, \`order_id\` text null, \`category\` text not null, \`severity\` text not null, \`description\` text not null, \`status\` text not null, \`due_at\` datetime not null, \`overdue\` integer not null, \`resolution\` text null, \`filed_at\` datetime not null, \`started_at\` datetime null, \`resolved_at\` datetime null, \`closed_at\` datetime null, \`version\` integer not null, primary key (\`id\`));`);
    this.addSql(`create index \`complaint_customer_idx\` on \`complaint\` (\`customer_id\`);`);
    this.addSql(`create index \`complaint_status_due_idx\` on \`complaint\` (\`status\`, \`due_at\`);`);

    this.addSql(`create table \`customer_product\` (\`customer_id\` text not null, \`sku\` text not null, primary key (\`customer_id\`, \`sku\`));`);
    this.addSql(`create index \`customer_product_sku_idx\` on \`customer_product\` (\`sku\`);`);

    this.addSql(`create table \`interaction\` (\`id\` text not null, \`customer_id\` text not null, \`type\` text not null, \`occurred_at\` datetime not null, \`summary\` text not null, \`outcome\` text null, \`rep_id\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`interaction_customer_idx\` on \`interaction\` (\`customer_id\`, \`id\`);`);

    this.addSql(`create table \`lifecycle_change\` (\`id\` text not null, \`customer_id\` text not null, \`from_stage\` text null, \`to_stage\` text not null, \`reason\` text not null, \`manual\` integer not null, \`actor\` text null, \`at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`lifecycle_change_customer_idx\` on \`lifecycle_change\` (\`customer_id\`, \`at\`);`);

    this.addSql(`create table \`opportunity\` (\`id\` text not null, \`customer_id\` text not null, \`title\` text not null, \`amount_minor\` bigint not null, \`expected_close_date\` text not null, \`owner_rep_id\` text not null, \`stage\` text not null, \`lost_reason\` text null, \`closed_at\` datetime null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` integer not null, primary key (\`id\`));`);
    this.addSql(`create index \`opportunity_customer_idx\` on \`opportunity\` (\`customer_id\`);`);
    this.addSql(`create index \`opportunity_owner_idx\` on \`opportunity\` (\`owner_rep_id\`);`);
    this.addSql(`create index \`opportunity_close_idx\` on \`opportunity\` (\`expected_close_date\`);`);

    this.addSql(`create table \`order_fact\` (\`order_id\` text not null, \`customer_id\` text not null, \`status\` text not null, \`total_minor\` bigint not null default 0, \`approved_at\` datetime null, \`skus\` json not null, \`outstanding_after_payment_minor\` bigint null, \`fully_paid\` integer not null default false, \`delivered_at\` datetime null, \`days_late\` integer not null default 0, \`late_at\` datetime null, \`sequence\` integer not null default 0, \`updated_at\` datetime not null, primary key (\`order_id\`));`);
    this.addSql(`create index \`order_fact_customer_idx\` on \`order_fact\` (\`customer_id\`);`);

    this.addSql(`create table \`satisfaction_survey\` (\`id\` text not null, \`customer_id\` text not null, \`order_id\` text null, \`csat\` integer null, \`nps\` integer null, \`comment\` text null, \`at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`satisfaction_customer_idx\` on \`satisfaction_survey\` (\`customer_id\`);`);

    this.addSql(`create table \`supply_alert\` (\`alert_id\` text not null, \`open\` integer not null, \`severity\` text not null, \`rule\` text not null, \`skus\` json not null, \`customer_ids\` json not null, \`message\` text not null, \`sequence\` integer not null, \`updated_at\` datetime not null, primary key (\`alert_id\`));`);
    this.addSql(`create index \`supply_alert_open_idx\` on \`supply_alert\` (\`open\`);`);

    this.addSql(`alter table \`customer\` add column \`industry\` text null;`);
    this.addSql(`alter table \`customer\` add column \`tags\` json not null default '[]';`);
    this.addSql(`alter table \`customer\` add column \`contacts\` json not null default '[]';`);
    this.addSql(`alter table \`customer\` add column \`segment\` text not null default 'D';`);
    this.addSql(`alter table \`customer\` add column \`computed_segment\` text not null default 'D';`);
    this.addSql(`alter table \`customer\` add column \`segment_override\` text null;`);
    this.addSql(`alter table \`customer\` add column \`segment_override_reason\` text null;`);
    this.addSql(`alter table \`customer\` add column \`rfm_recency\` integer not null default 1;`);
    this.addSql(`alter table \`customer\` add column \`rfm_frequency\` integer not null default 1;`);
    this.addSql(`alter table \`customer\` add column \`rfm_monetary\` integer not null default 1;`);
    this.addSql(`alter table \`customer\` add column \`lifecycle_stage\` text not null default 'LEAD';`);
    this.addSql(`alter table \`customer\` add column \`lifecycle_changed_at\` datetime not null default current_timestamp;`);
    this.addSql(`alter table \`customer\` add column \`churn_score\` integer not null default 0;`);
    this.addSql(`alter table \`customer\` add column \`churn_level\` text not null default 'LOW';`);
    this.addSql(`alter table \`customer\` add column \`churn_reasons\` json not null default '[]';`);
    this.addSql(`alter table \`customer\` add column \`churn_evaluated_at\` datetime null;`);
    this.addSql(`alter table \`customer\` add column \`lifetime_value_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`customer\` add column \`order_count\` integer not null default 0;`);
    this.addSql(`alter table \`customer\` add column \`first_order_at\` datetime null;`);
    this.addSql(`alter table \`customer\` add column \`last_order_at\` datetime null;`);
    this.addSql(`alter table \`customer\` add column \`open_receivables_minor\` bigint not null default 0;`);
    this.addSql(`alter table \`customer\` add column \`late_delivery_count\` integer not null default 0;`);
    this.addSql(`alter table \`customer\` add column \`complaint_count\` integer not null default 0;`);
    this.addSql(`alter table \`customer\` add column \`open_complaint_count\` integer not null default 0;`);
    this.addSql(`alter table \`customer\` add column \`overdue_complaint_count\` integer not null default 0;`);
    this.addSql(`alter table \`customer\` add column \`last_csat\` integer null;`);
    this.addSql(`alter table \`customer\` add column \`last_nps\` integer null;`);
    this.addSql(`alter table \`customer\` add column \`last_satisfaction_at\` datetime null;`);
    this.addSql(`alter table \`customer\` add column \`open_supply_alert_count\` integer not null default 0;`);
    this.addSql(`create index \`customer_segment_idx\` on \`customer\` (\`segment\`);`);
    this.addSql(`create index \`customer_lifecycle_idx\` on \`customer\` (\`lifecycle_stage\`);`);
    this.addSql(`create index \`customer_churn_level_idx\` on \`customer\` (\`churn_level\`);`);
  }

}
