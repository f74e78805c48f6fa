import { Migration } from '@mikro-orm/migrations';

export class Migration20261128015324 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`rep_team\` (\`rep_id\` text not null, \`team_id\` text null, \`sequence\` integer not null, \`updated_at\` datetime not null, primary key (\`rep_id\`));`);
    this.addSql(`create index \`rep_team_team_idx\` on \`rep_team\` (\`team_id\`);`);
  }

}
