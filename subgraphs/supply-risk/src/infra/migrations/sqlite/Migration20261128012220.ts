import { Migration } from '@mikro-orm/migrations';

export class Migration20261128012220 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`alert\` (\`id\` text not null, \`rule\` text not null, \`severity\` text not null, \`status\` text not null, \`subject_kind\` text not null, \`subject_id\` text not null, \`open_key\` text null, \`message\` text not null, \`skus\` json not null, \`customer_ids\` json not null, \`raised_at\` datetime not null, \`acknowledged_at\` datetime null, \`acknowledged_by\` text null, \`resolved_at\` datetime null, \`resolution\` text null, \`version\` integer not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`alert_open_key_unique\` on \`alert\` (\`open_key\`);`);
    this.addSql(`create index \`alert_status_idx\` on \`alert\` (\`status\`, \`rule\`);`);

    this.addSql(`create table \`contingency_action\` (\`id\` text not null, \`plan_id\` text not null, \`position\` integer not null, \`title\` text not null, \`owner_id\` text null, \`status\` text not null, \`completed_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`contingency_action_plan_idx\` on \`contingency_action\` (\`plan_id\`);`);

    this.addSql(`create table \`contingency_plan\` (\`id\` text not null, \`risk_id\` text not null, \`trigger\` text not null, \`status\` text not null, \`activated_at\` datetime null, \`activation_reason\` text null, \`completed_at\` datetime null, \`created_at\` datetime not null, \`version\` integer not null, primary key (\`id\`));`);
    this.addSql(`create index \`contingency_plan_risk_idx\` on \`contingency_plan\` (\`risk_id\`);`);

    this.addSql(`create table \`inventory_position\` (\`sku\` text not null, \`warehouse_code\` text not null, \`on_hand\` integer not null, \`reserved\` integer not null, \`reorder_point\` integer not null, \`safety_stock\` integer not null, \`updated_at\` datetime not null, \`version\` integer not null default 1, primary key (\`sku\`, \`warehouse_code\`));`);

    this.addSql(`create table \`market_assessment\` (\`id\` text not null, \`kind\` text not null, \`region_code\` text not null, \`product_line\` text null, \`entries\` json not null, \`recorded_by\` text not null, \`recorded_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`market_assessment_region_idx\` on \`market_assessment\` (\`region_code\`);`);

    this.addSql(`create table \`order_line\` (\`order_id\` text not null, \`sku\` text not null, \`quantity\` integer not null, \`status\` text not null, \`allocations\` json not null, \`shipped_quantity\` integer not null, \`shortfall\` integer not null, \`approved_at\` datetime null, \`updated_at\` datetime not null, primary key (\`order_id\`, \`sku\`));`);
    this.addSql(`create index \`order_line_sku_idx\` on \`order_line\` (\`sku\`, \`status\`);`);
    this.addSql(`create index \`order_line_sku_approved_idx\` on \`order_line\` (\`sku\`, \`approved_at\`);`);

    this.addSql(`create table \`risk\` (\`id\` text not null, \`category\` text not null, \`title\` text not null, \`description\` text not null, \`likelihood\` integer not null, \`impact\` integer not null, \`score\` integer not null, \`level\` text not null, \`status\` text not null, \`owner_id\` text null, \`affects\` json not null, \`evidence_ids\` json not null, \`mitigation_plan\` text null, \`mitigation_due_at\` datetime null, \`closed_at\` datetime null, \`close_reason\` text null, \`created_at\` datetime not null, \`updated_at\` datetime not null, \`version\` integer not null, primary key (\`id\`));`);
    this.addSql(`create index \`risk_status_idx\` on \`risk\` (\`status\`, \`category\`);`);

    this.addSql(`create table \`risk_assessment\` (\`id\` text not null, \`risk_id\` text not null, \`likelihood\` integer not null, \`impact\` integer not null, \`score\` integer not null, \`level\` text not null, \`note\` text not null, \`assessed_by\` text not null, \`assessed_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`risk_assessment_risk_idx\` on \`risk_assessment\` (\`risk_id\`, \`id\`);`);

    this.addSql(`create table \`risk_subject\` (\`risk_id\` text not null, \`kind\` text not null, \`ref\` text not null, primary key (\`risk_id\`, \`kind\`, \`ref\`));`);
    this.addSql(`create index \`risk_subject_ref_idx\` on \`risk_subject\` (\`kind\`, \`ref\`);`);

    this.addSql(`create table \`stock_movement\` (\`id\` text not null, \`sku\` text not null, \`warehouse_code\` text not null, \`kind\` text not null, \`delta\` integer not null, \`reason\` text not null, \`order_id\` text null, \`at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`stock_movement_sku_idx\` on \`stock_movement\` (\`sku\`, \`at\`);`);

    this.addSql(`create table \`supplier_delivery\` (\`id\` text not null, \`supplier_id\` text not null, \`sku\` text not null, \`ordered_at\` datetime null, \`promised_at\` datetime not null, \`delivered_at\` datetime not null, \`quantity\` integer not null, \`defect_quantity\` integer not null, \`recorded_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`supplier_delivery_supplier_idx\` on \`supplier_delivery\` (\`supplier_id\`, \`delivered_at\`);`);

    this.addSql(`create table \`supplier_supply\` (\`supplier_id\` text not null, \`sku\` text not null, \`share_bp\` integer not null, \`lead_time_days\` integer not null, primary key (\`supplier_id\`, \`sku\`));`);
    this.addSql(`create index \`supplier_supply_sku_idx\` on \`supplier_supply\` (\`sku\`);`);

    this.addSql(`create table \`tracked_order\` (\`order_id\` text not null, \`customer_id\` text not null, \`region_code\` text null, \`status\` text not null, \`approved_at\` datetime null, \`sequence\` integer not null, \`updated_at\` datetime not null, primary key (\`order_id\`));`);

    this.addSql(`create table \`warehouse\` (\`code\` text not null, \`name\` text not null, \`created_at\` datetime not null, primary key (\`code\`));`);

    this.addSql(`alter table \`supplier\` add column \`categories\` json null;`);
    this.addSql(`alter table \`supplier\` add column \`updated_at\` datetime null;`);
  }

}
