// The schema's enums and the domain's lists must agree (the resolvers pass domain values through).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, Kind, type EnumTypeDefinitionNode } from 'graphql';
import { RiskCategory, RiskLevel, AlertRule, AlertSeverity } from '@salesgraph/events';
import { SCHEMA_ENUMS } from './index';

const doc = parse(readFileSync(join(__dirname, '..', '..', 'schema.graphql'), 'utf8'));
const enumValues = (name: string) =>
  (doc.definitions.find((d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === name) as EnumTypeDefinitionNode | undefined)?.values?.map((v) => v.name.value);

describe('schema enums', () => {
  it.each(Object.entries(SCHEMA_ENUMS))('%s matches the domain list', (name, values) => {
    expect(enumValues(name)).toEqual([...values]);
  });
  it('matches the event contracts', () => {
    expect(enumValues('RiskCategory')).toEqual(RiskCategory.options);
    expect(enumValues('RiskLevel')).toEqual(RiskLevel.options);
    expect(enumValues('AlertRule')).toEqual(AlertRule.options);
    expect(enumValues('AlertSeverity')).toEqual(AlertSeverity.options);
  });
});
