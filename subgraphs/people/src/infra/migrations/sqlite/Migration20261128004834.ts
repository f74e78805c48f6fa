import { Migration } from '@mikro-orm/migrations';

export class Migration20261128004834 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`appraisal\` (\`id\` text not null, \`rep_id\` text not null, \`period\` text not null, \`scheme_id\` text not null, \`result\` json not null, \`total\` integer not null, \`rating\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`appraisal_rep_period_idx\` on \`appraisal\` (\`rep_id\`, \`period\`);`);

    this.addSql(`create table \`budget\` (\`id\` text not null, \`period\` text not null, \`kind\` text not null, \`scope_kind\` text not null, \`scope_ref\` text not null, \`amount\` bigint not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`budget_scope_uq\` on \`budget\` (\`period\`, \`kind\`, \`scope_kind\`, \`scope_ref\`);`);

    this.addSql(`create table \`budget_spend\` (\`id\` text not null, \`budget_id\` text not null, \`amount\` bigint not null, \`spent_at\` datetime not null, \`note\` text null, \`overspend\` integer not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`budget_spend_budget_idx\` on \`budget_spend\` (\`budget_id\`);`);

    this.addSql(`create table \`commission_assignment\` (\`id\` text not null, \`rep_id\` text not null, \`plan_id\` text not null, \`valid_from\` datetime not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`commission_assignment_rep_from_uq\` on \`commission_assignment\` (\`rep_id\`, \`valid_from\`);`);

    this.addSql(`create table \`commission_entry\` (\`id\` text not null, \`source_key\` text not null, \`rep_id\` text not null, \`plan_id\` text not null, \`order_id\` text not null, \`payment_id\` text null, \`kind\` text not null, \`month\` text not null, \`basis_amount\` bigint not null, \`amount\` bigint not null, \`target_id\` text null, \`bands\` json not null, \`explanation\` text not null, \`reverses_id\` text null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`commission_entry_source_uq\` on \`commission_entry\` (\`source_key\`);`);
    this.addSql(`create index \`commission_entry_rep_month_idx\` on \`commission_entry\` (\`rep_id\`, \`month\`);`);
    this.addSql(`create index \`commission_entry_order_idx\` on \`commission_entry\` (\`order_id\`);`);

    this.addSql(`create table \`commission_payout\` (\`id\` text not null, \`rep_id\` text not null, \`period\` text not null, \`amount\` bigint not null, \`paid_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`commission_payout_rep_period_idx\` on \`commission_payout\` (\`rep_id\`, \`period\`);`);

    this.addSql(`create table \`commission_plan\` (\`id\` text not null, \`name\` text not null, \`basis\` text not null, \`base_rate\` integer not null, \`tiers\` json not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`commission_plan_name_uq\` on \`commission_plan\` (\`name\`);`);

    this.addSql(`create table \`key_result\` (\`id\` text not null, \`objective_id\` text not null, \`position\` integer not null, \`title\` text not null, \`target\` bigint not null, \`current\` bigint not null, \`unit\` text not null, \`updated_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`key_result_objective_idx\` on \`key_result\` (\`objective_id\`);`);

    this.addSql(`create table \`kpi_scheme\` (\`id\` text not null, \`name\` text not null, \`kpis\` json not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`kpi_scheme_name_uq\` on \`kpi_scheme\` (\`name\`);`);

    this.addSql(`create table \`objective\` (\`id\` text not null, \`owner_rep_id\` text not null, \`period\` text not null, \`title\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`objective_owner_period_idx\` on \`objective\` (\`owner_rep_id\`, \`period\`);`);

    this.addSql(`create table \`order_credit\` (\`order_id\` text not null, \`status\` text not null, \`sequence\` integer not null, \`rep_id\` text not null, \`updated_at\` datetime not null, primary key (\`order_id\`));`);

    this.addSql(`create table \`payment_fact\` (\`payment_id\` text not null, \`order_id\` text not null, \`rep_id\` text not null, \`region_code\` text not null, \`amount\` bigint not null, \`month\` text not null, \`paid_at\` datetime not null, primary key (\`payment_id\`));`);
    this.addSql(`create index \`payment_fact_month_rep_idx\` on \`payment_fact\` (\`month\`, \`rep_id\`);`);

    this.addSql(`create table \`region\` (\`code\` text not null, \`name\` text not null, \`parent_code\` text null, \`created_at\` datetime not null, primary key (\`code\`));`);

    this.addSql(`create table \`rep_assignment\` (\`id\` text not null, \`rep_id\` text not null, \`change\` text not null, \`team_id\` text null, \`region_code\` text not null, \`manager_id\` text null, \`level\` text not null, \`valid_from\` datetime not null, \`valid_to\` datetime null, \`reason\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`rep_assignment_rep_idx\` on \`rep_assignment\` (\`rep_id\`, \`valid_from\`);`);

    this.addSql(`create table \`sales_fact\` (\`id\` text not null, \`order_id\` text not null, \`line_no\` integer not null, \`kind\` text not null, \`rep_id\` text not null, \`team_id\` text null, \`region_code\` text not null, \`product_line\` text not null, \`month\` text not null, \`revenue\` bigint not null, \`margin\` bigint not null, \`at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`sales_fact_month_rep_idx\` on \`sales_fact\` (\`month\`, \`rep_id\`);`);
    this.addSql(`create index \`sales_fact_month_region_idx\` on \`sales_fact\` (\`month\`, \`region_code\`);`);
    this.addSql(`create unique index \`sales_fact_line_uq\` on \`sales_fact\` (\`order_id\`, \`line_no\`, \`kind\`);`);

    this.addSql(`create table \`sales_target\` (\`id\` text not null, \`period\` text not null, \`period_kind\` text not null, \`period_start\` text not null, \`scope_kind\` text not null, \`scope_ref\` text not null, \`metric\` text not null, \`amount\` bigint not null, \`parent_id\` text null, \`root_id\` text not null, \`decomposed_into\` text null, \`method\` text null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`sales_target_parent_idx\` on \`sales_target\` (\`parent_id\`);`);
    this.addSql(`create index \`sales_target_root_idx\` on \`sales_target\` (\`root_id\`);`);
    this.addSql(`create index \`sales_target_scope_idx\` on \`sales_target\` (\`scope_kind\`, \`scope_ref\`);`);
    this.addSql(`create unique index \`sales_target_scope_uq\` on \`sales_target\` (\`period\`, \`scope_kind\`, \`scope_ref\`, \`metric\`);`);

    this.addSql(`create table \`satisfaction_fact\` (\`survey_id\` text not null, \`customer_id\` text not null, \`rep_id\` text not null, \`csat\` integer null, \`nps\` integer null, \`month\` text not null, \`at\` datetime not null, primary key (\`survey_id\`));`);
    this.addSql(`create index \`satisfaction_fact_month_rep_idx\` on \`satisfaction_fact\` (\`month\`, \`rep_id\`);`);

    this.addSql(`create table \`team\` (\`id\` text not null, \`name\` text not null, \`region_code\` text not null, \`manager_id\` text null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`team_region_name_uq\` on \`team\` (\`region_code\`, \`name\`);`);

    this.addSql(`create table \`training_record\` (\`id\` text not null, \`rep_id\` text not null, \`course\` text not null, \`completed_at\` datetime not null, \`score\` integer null, \`hours\` integer not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`training_record_rep_idx\` on \`training_record\` (\`rep_id\`, \`completed_at\`);`);

    this.addSql(`alter table \`customer_ownership\` add column \`created_rep_id\` text null;`);
    this.addSql(`alter table \`customer_ownership\` add column \`created_team_id\` text null;`);
    this.addSql(`alter table \`customer_ownership\` add column \`region_code\` text null;`);
    this.addSql(`alter table \`customer_ownership\` add column \`created_month\` text null;`);
    this.addSql(`create index \`customer_ownership_month_idx\` on \`customer_ownership\` (\`created_month\`);`);

    this.addSql(`alter table \`sales_rep\` add column \`employee_no\` text null;`);
    this.addSql(`alter table \`sales_rep\` add column \`team_id\` text null;`);
    this.addSql(`alter table \`sales_rep\` add column \`manager_id\` text null;`);
    this.addSql(`alter table \`sales_rep\` add column \`active\` integer not null default true;`);
    this.addSql(`alter table \`sales_rep\` add column \`offboarded_at\` datetime null;`);
    this.addSql(`create unique index \`sales_rep_employee_no_uq\` on \`sales_rep\` (\`employee_no\`);`);
    this.addSql(`create index \`sales_rep_team_idx\` on \`sales_rep\` (\`team_id\`);`);
    this.addSql(`create index \`sales_rep_region_idx\` on \`sales_rep\` (\`region_code\`);`);
  }

}
