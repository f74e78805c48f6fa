import { Migration } from '@mikro-orm/migrations';

export class Migration20261128023115 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`rep_directory\` (\`rep_id\` text not null, \`team_id\` text null, \`region_code\` text not null, \`manager_id\` text null, \`active\` integer not null, \`sequence\` integer not null, primary key (\`rep_id\`));`);
    this.addSql(`create index \`rep_directory_manager_idx\` on \`rep_directory\` (\`manager_id\`);`);
  }

}
