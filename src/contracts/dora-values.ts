/**
 * The value lists of the DORA register of information that records carry (zod-free, so forms can
 * import them without the schemas). Names and identifiers from Commission Implementing Regulation
 * (EU) 2024/2956: Annex III (types of ICT services S01–S19) and Annex I's instructions for B_06.01
 * and B_07.01; the EBA codes each maps to are in src/server/modules/registers/templates.ts.
 */

/** Annex III of the ITS: the types of ICT services. */
export const ICT_SERVICE_TYPES = {
  S01: 'ICT project management',
  S02: 'ICT Development',
  S03: 'ICT help desk and first level support',
  S04: 'ICT security management services',
  S05: 'Provision of data',
  S06: 'Data analysis',
  S07: 'ICT, facilities and hosting services (excluding Cloud services)',
  S08: 'Computation',
  S09: 'Non-Cloud Data storage',
  S10: 'Telecom carrier',
  S11: 'Network infrastructure',
  S12: 'Hardware and physical devices',
  S13: 'Software licencing (excluding SaaS)',
  S14: 'ICT operation management (including maintenance)',
  S15: 'ICT Consulting',
  S16: 'ICT Risk management',
  S17: 'Cloud services: IaaS',
  S18: 'Cloud services: PaaS',
  S19: 'Cloud services: SaaS',
} as const;
export type IctServiceType = keyof typeof ICT_SERVICE_TYPES;
export const ICT_SERVICE_TYPE_CODES = Object.keys(ICT_SERVICE_TYPES) as [IctServiceType, ...IctServiceType[]];

/** B_07.01 c0050: substitutability of the ICT third-party service provider. */
export const SUBSTITUTABILITY = {
  not_substitutable: 'Not substitutable',
  highly_complex: 'Highly complex substitutability',
  medium_complexity: 'Medium complexity in terms of substitutability',
  easy: 'Easily substitutable',
} as const;
export type Substitutability = keyof typeof SUBSTITUTABILITY;

/** B_07.01 c0090: possibility of reintegrating the contracted ICT service. */
export const REINTEGRATION = {
  easy: 'Easy',
  difficult: 'Difficult',
  highly_complex: 'Highly complex',
} as const;
export type Reintegration = keyof typeof REINTEGRATION;

/** B_06.01 c0050: criticality or importance assessment. */
export const CRITICALITY_ASSESSMENT = {
  yes: 'Critical or important',
  no: 'Not critical or important',
  not_assessed: 'Assessment not performed',
} as const;
export type CriticalityAssessment = keyof typeof CRITICALITY_ASSESSMENT;

/** B_06.01 c0100 and B_07.01 c0100: impact of discontinuing. */
export const DISCONTINUING_IMPACT = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  not_assessed: 'Assessment not performed',
} as const;
export type DiscontinuingImpact = keyof typeof DISCONTINUING_IMPACT;

/** B_01.01 c0040 / B_01.02 c0040: type of financial entity (the EBA's list, as the DPM names it). */
export const ENTITY_TYPES = {
  credit_institution: 'Credit institutions',
  payment_institution: 'Payment institution',
  account_information_service_provider: 'Account information service providers',
  electronic_money_institution: 'Electronic money institutions',
  investment_firm: 'Investment firms',
  crypto_asset_service_provider: 'Crypto-asset service providers',
  issuer_of_asset_referenced_tokens: 'Issuers of asset-referenced tokens',
  central_securities_depository: 'Central security depository',
  central_counterparty: 'Central counterparties (CCPs)',
  trading_venue: 'Trading venues',
  trade_repository: 'Trade repositories',
  alternative_investment_fund_manager: 'Managers of alternative investment funds',
  management_company: 'Asset management companies',
  data_reporting_service_provider: 'Data reporting service providers',
  insurance_undertaking: 'Insurance and reinsurance undertakings',
  insurance_intermediary:
    'Insurance intermediaries, reinsurance intermediaries and ancillary insurance intermediaries',
  occupational_retirement_provision: 'Institutions for occupational retirement provision',
  credit_rating_agency: 'Credit rating agency',
  critical_benchmark_administrator: 'Administrator of critical benchmarks',
  crowdfunding_service_provider: 'Crowdfunding service providers',
  securitisation_repository: 'Securitisation repository',
  other_financial_entity: 'Other financial entity',
} as const;
export type EntityType = keyof typeof ENTITY_TYPES;

export const keysOf = <T extends Record<string, string>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
