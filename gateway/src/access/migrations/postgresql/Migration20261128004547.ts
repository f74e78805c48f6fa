import { Migration } from '@mikro-orm/migrations';

export class Migration20261128004547 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_key" ("id" uuid not null, "name" varchar(120) not null, "prefix" varchar(20) not null, "hash" varchar(64) not null, "scopes" jsonb not null, "allowed_regions" jsonb null, "rate_limit_per_minute" int null, "created_at" timestamptz not null, "created_by" varchar(120) not null, "expires_at" timestamptz null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, "rotated_from" uuid null, constraint "api_key_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);

    this.addSql(`create table "audit_record" ("id" uuid not null, "at" timestamptz not null, "principal_kind" varchar(16) not null, "principal" varchar(120) not null, "key_prefix" varchar(20) null, "operation" varchar(120) null, "operation_type" varchar(16) null, "variables" text null, "outcome" varchar(8) not null, "error_codes" jsonb not null, "trace_id" varchar(32) null, "client_name" varchar(120) null, constraint "audit_record_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_record_principal_idx" on "audit_record" ("principal", "id");`);
    this.addSql(`create index "audit_record_operation_idx" on "audit_record" ("operation", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_key" cascade;`);

    this.addSql(`drop table if exists "audit_record" cascade;`);
  }

}
