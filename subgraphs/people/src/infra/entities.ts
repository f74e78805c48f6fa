import { CommissionAssignmentSchema, CommissionEntrySchema, CommissionPayoutSchema, CommissionPlanSchema } from './commission.entity';
import { OrderCreditSchema, PaymentFactSchema, SalesFactSchema, SatisfactionFactSchema } from './actuals.entity';
import { AppraisalSchema, BudgetSchema, BudgetSpendSchema, KeyResultSchema, KpiSchemeSchema, ObjectiveSchema, TrainingRecordSchema } from './plan.entity';
import { CustomerOwnershipSchema, RegionSchema, RepAssignmentSchema, SalesRepSchema, TeamSchema } from './sales-rep.entity';
import { SalesTargetSchema } from './target.entity';

export const peopleEntities = [
  SalesRepSchema,
  CustomerOwnershipSchema,
  RepAssignmentSchema,
  RegionSchema,
  TeamSchema,
  SalesTargetSchema,
  SalesFactSchema,
  OrderCreditSchema,
  PaymentFactSchema,
  SatisfactionFactSchema,
  CommissionPlanSchema,
  CommissionAssignmentSchema,
  CommissionEntrySchema,
  CommissionPayoutSchema,
  BudgetSchema,
  BudgetSpendSchema,
  KpiSchemeSchema,
  AppraisalSchema,
  ObjectiveSchema,
  KeyResultSchema,
  TrainingRecordSchema,
];
