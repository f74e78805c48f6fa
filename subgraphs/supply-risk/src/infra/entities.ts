import { AlertSchema, ContingencyActionSchema, ContingencyPlanSchema, MarketAssessmentSchema, RiskAssessmentSchema, RiskSchema, RiskSubjectSchema } from './risk.entity';
import { InventoryPositionSchema, OrderLineSchema, StockMovementSchema, TrackedOrderSchema, WarehouseSchema } from './inventory.entity';
import { SupplierDeliverySchema, SupplierSchema, SupplierSupplySchema } from './supplier.entity';

export const supplyRiskEntities = [
  SupplierSchema,
  SupplierSupplySchema,
  SupplierDeliverySchema,
  WarehouseSchema,
  InventoryPositionSchema,
  StockMovementSchema,
  TrackedOrderSchema,
  OrderLineSchema,
  RiskSchema,
  RiskSubjectSchema,
  RiskAssessmentSchema,
  AlertSchema,
  MarketAssessmentSchema,
  ContingencyPlanSchema,
  ContingencyActionSchema,
];
