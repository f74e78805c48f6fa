import { Migration } from '@mikro-orm/migrations';

export class Migration20261128015324 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "rep_team" ("rep_id" varchar(36) not null, "team_id" varchar(36) null, "sequence" int not null, "updated_at" timestamptz not null, constraint "rep_team_pkey" primary key ("rep_id"));`);
    this.addSql(`create index "rep_team_team_idx" on "rep_team" ("team_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rep_team" cascade;`);
  }

}
