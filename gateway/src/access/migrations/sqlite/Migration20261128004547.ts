import { Migration } from '@mikro-orm/migrations';

export class Migration20261128004547 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`api_key\` (\`id\` text not null, \`name\` text not null, \`prefix\` text not null, \`hash\` text not null, \`scopes\` json not null, \`allowed_regions\` json null, \`rate_limit_per_minute\` integer null, \`created_at\` datetime not null, \`created_by\` text not null, \`expires_at\` datetime null, \`last_used_at\` datetime null, \`revoked_at\` datetime null, \`rotated_from\` text null, primary key (\`id\`));`);
    this.addSql(`create unique index \`api_key_prefix_unique\` on \`api_key\` (\`prefix\`);`);

    this.addSql(`create table \`audit_record\` (\`id\` text not null, \`at\` datetime not null, \`principal_kind\` text not null, \`principal\` text not null, \`key_prefix\` text null, \`operation\` text null, \`operation_type\` text null, \`variables\` text null, \`outcome\` text not null, \`error_codes\` json not null, \`trace_id\` text null, \`client_name\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`audit_record_principal_idx\` on \`audit_record\` (\`principal\`, \`id\`);`);
    this.addSql(`create index \`audit_record_operation_idx\` on \`audit_record\` (\`operation\`, \`id\`);`);
  }

}
