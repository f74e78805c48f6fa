import { Migration } from '@mikro-orm/migrations';

export class Migration20261128014206 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "contact_email_index" ("customer_id" uuid not null, "email_hash" varchar(64) not null, constraint "contact_email_index_pkey" primary key ("customer_id", "email_hash"));`);
    this.addSql(`create index "contact_email_index_hash_idx" on "contact_email_index" ("email_hash");`);

    this.addSql(`create table "rep_directory" ("rep_id" uuid not null, "team_id" uuid null, "region_code" varchar(20) not null, "manager_id" uuid null, "active" boolean not null, "sequence" int not null, constraint "rep_directory_pkey" primary key ("rep_id"));`);
    this.addSql(`create index "rep_directory_manager_idx" on "rep_directory" ("manager_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "contact_email_index" cascade;`);

    this.addSql(`drop table if exists "rep_directory" cascade;`);
  }

}
