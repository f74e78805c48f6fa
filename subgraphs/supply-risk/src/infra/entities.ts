import { AlertSchema, ContingencyActionSchema, ContingencyPlanSchema, MarketAssessmentSchema, RiskAssessmentSchema, RiskSchema, RiskSubjectSchema } from './risk.entity';
import { InventoryPositionSchema, OrderLineSchema, SkuProductLineSchema, StockMovementSchema, TrackedOrderSchema, WarehouseSchema } from './inventory.entity';
import { CustomerChurnRiskSchema, LateDeliverySchema, QualityComplaintSchema, RegionLogisticsRiskSchema } from './signals.entity';
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
  SkuProductLineSchema,
  RiskSchema,
  RiskSubjectSchema,
  RiskAssessmentSchema,
  AlertSchema,
  MarketAssessmentSchema,
  ContingencyPlanSchema,
  ContingencyActionSchema,
  QualityComplaintSchema,
  LateDeliverySchema,
  RegionLogisticsRiskSchema,
  CustomerChurnRiskSchema,
];
