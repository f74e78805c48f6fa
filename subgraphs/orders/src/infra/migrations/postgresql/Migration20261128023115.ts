import { Migration } from '@mikro-orm/migrations';

export class Migration20261128023115 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "rep_directory" ("rep_id" uuid not null, "team_id" uuid null, "region_code" varchar(20) not null, "manager_id" uuid null, "active" boolean not null, "sequence" int not null, constraint "rep_directory_pkey" primary key ("rep_id"));`);
    this.addSql(`create index "rep_directory_manager_idx" on "rep_directory" ("manager_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rep_directory" cascade;`);
  }

}
