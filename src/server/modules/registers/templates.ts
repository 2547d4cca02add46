/**
 * The templates of the DORA register of information and the codes their cells carry.
 *
 * Sources, per item:
 * - template codes and names, and each column's meaning: Commission Implementing Regulation (EU)
 *   2024/2956, Annex I (instructions per template and column) and Annex III (types of ICT services);
 * - column codes as the EBA's DPM 4.0 names them in the plain-csv files (`c0010`…; B_03.03's link
 *   column is `c0031` there, not the ITS's 0030): taken from the open-source CISO Assistant
 *   exporter (intuitem/ciso-assistant-community, backend/tprm/dora_export.py), which follows the
 *   EBA's reporting framework 4.0; the EBA's DPM dictionary itself could not be consulted here;
 * - the enumeration codes (eba_GA, eba_CU, eba_TA, eba_BT, eba_ZZ, eba_CT, eba_CO, eba_qCO): the same
 *   source (backend/core/dora.py); docs/protect.md says which were not checked against the EBA.
 */

interface TemplateColumn {
  code: string;
  name: string;
}

interface TemplateSpec {
  code: string;
  name: string;
  columns: TemplateColumn[];
}

const cols = (...names: string[]): TemplateColumn[] =>
  names.map((name, i) => ({ code: `c${String((i + 1) * 10).padStart(4, '0')}`, name }));

/** The fifteen templates of Annex I, in the order the ITS lists them. */
export const TEMPLATES: TemplateSpec[] = [
  {
    code: 'B_01.01',
    name: 'Entity maintaining the register of information',
    columns: cols(
      'LEI of the entity',
      'Name of the entity',
      'Country of the entity',
      'Type of entity',
      'Competent authority',
      'Date of the reporting',
    ),
  },
  {
    code: 'B_01.02',
    name: 'List of entities within the scope of consolidation',
    columns: cols(
      'LEI of the entity',
      'Name of the entity',
      'Country of the entity',
      'Type of entity',
      'Hierarchy of the entity within the group',
      'LEI of the direct parent undertaking',
      'Date of last update',
      'Date of integration in the register',
      'Date of deletion in the register',
      'Currency',
      'Value of total assets',
    ),
  },
  {
    code: 'B_01.03',
    name: 'List of branches',
    columns: cols(
      'Identification code of the branch',
      'LEI of the head office',
      'Name of the branch',
      'Country of the branch',
    ),
  },
  {
    code: 'B_02.01',
    name: 'Contractual arrangements – general information',
    columns: cols(
      'Contractual arrangement reference number',
      'Type of contractual arrangement',
      'Overarching contractual arrangement reference number',
      'Currency of the amount reported',
      'Annual expense or estimated cost',
    ),
  },
  {
    code: 'B_02.02',
    name: 'Contractual arrangements – specific information',
    columns: cols(
      'Contractual arrangement reference number',
      'LEI of the entity making use of the ICT service(s)',
      'Identification code of the ICT third-party service provider',
      'Type of code to identify the ICT third-party service provider',
      'Function identifier',
      'Type of ICT services',
      'Start date of the contractual arrangement',
      'End date of the contractual arrangement',
      'Reason of the termination or ending',
      'Notice period for the financial entity',
      'Notice period for the ICT third-party service provider',
      'Country of the governing law',
      'Country of provision of the ICT services',
      'Storage of data',
      'Location of the data at rest (storage)',
      'Location of management of the data (processing)',
      'Sensitiveness of the data stored',
      'Level of reliance on the ICT service',
    ),
  },
  {
    code: 'B_02.03',
    name: 'List of intra-group contractual arrangements',
    columns: cols(
      'Contractual arrangement reference number',
      'Overarching contractual arrangement reference number',
      'Link',
    ),
  },
  {
    code: 'B_03.01',
    name: 'Entities signing the contractual arrangements for receiving ICT services',
    columns: cols(
      'Contractual arrangement reference number',
      'LEI of the entity signing the contractual arrangement',
      'Link',
    ),
  },
  {
    code: 'B_03.02',
    name: 'ICT third-party service providers signing the contractual arrangements',
    columns: cols(
      'Contractual arrangement reference number',
      'Identification code of the ICT third-party service provider',
      'Type of code to identify the ICT third-party service provider',
    ),
  },
  {
    code: 'B_03.03',
    name: 'Entities signing the contractual arrangements for providing ICT services (intra-group)',
    columns: [
      { code: 'c0010', name: 'Contractual arrangement reference number' },
      { code: 'c0020', name: 'LEI of the entity providing ICT services' },
      { code: 'c0031', name: 'Link' },
    ],
  },
  {
    code: 'B_04.01',
    name: 'Entities making use of the ICT services',
    columns: cols(
      'Contractual arrangement reference number',
      'LEI of the entity making use of the ICT service(s)',
      'Nature of the entity making use of the ICT service(s)',
      'Identification code of the branch',
    ),
  },
  {
    code: 'B_05.01',
    name: 'ICT third-party service providers',
    columns: cols(
      'Identification code of the ICT third-party service provider',
      'Type of code to identify the ICT third-party service provider',
      'Additional identification code of the ICT third-party service provider',
      'Type of additional identification code',
      'Legal name of the ICT third-party service provider',
      'Name of the ICT third-party service provider in Latin alphabet',
      'Type of person of the ICT third-party service provider',
      'Country of the ICT third-party service provider’s headquarters',
      'Currency of the amount reported',
      'Total annual expense or estimated cost of the ICT third-party service provider',
      'Identification code of the ultimate parent undertaking',
      'Type of code to identify the ultimate parent undertaking',
    ),
  },
  {
    code: 'B_05.02',
    name: 'ICT service supply chains',
    columns: cols(
      'Contractual arrangement reference number',
      'Type of ICT services',
      'Identification code of the ICT third-party service provider',
      'Type of code to identify the ICT third-party service provider',
      'Rank',
      'Identification code of the recipient of sub-contracted ICT services',
      'Type of code to identify the recipient of sub-contracted ICT services',
    ),
  },
  {
    code: 'B_06.01',
    name: 'Functions identification',
    columns: cols(
      'Function identifier',
      'Licenced activity',
      'Function name',
      'LEI of the financial entity',
      'Criticality or importance assessment',
      'Reasons for criticality or importance',
      'Date of the last assessment of criticality or importance',
      'Recovery time objective of the function (hours)',
      'Recovery point objective of the function (hours)',
      'Impact of discontinuing the function',
    ),
  },
  {
    code: 'B_07.01',
    name: 'Assessment of the ICT services',
    columns: cols(
      'Contractual arrangement reference number',
      'Identification code of the ICT third-party service provider',
      'Type of code to identify the ICT third-party service provider',
      'Type of ICT services',
      'Substitutability of the ICT third-party service provider',
      'Reason if the ICT third-party service provider is considered not substitutable or difficult to be substitutable',
      'Date of the last audit on the ICT third-party service provider',
      'Existence of an exit plan',
      'Possibility of reintegration of the contracted ICT service',
      'Impact of discontinuing the ICT services',
      'Are there alternative ICT third-party service providers identified?',
      'Identification of alternative ICT TPP',
    ),
  },
  {
    code: 'B_99.01',
    name: 'Definitions from entities making use of the ICT services',
    columns: cols(
      'Contracts: standalone arrangements',
      'Contracts: overarching arrangements',
      'Contracts: subsequent or associated arrangements',
      'Data sensitiveness: low',
      'Data sensitiveness: medium',
      'Data sensitiveness: high',
      'Impact of discontinuing functions: low',
      'Impact of discontinuing functions: medium',
      'Impact of discontinuing functions: high',
      'Substitutability: not substitutable',
      'Substitutability: highly complex',
      'Substitutability: medium complexity',
      'Substitutability: easily substitutable',
      'Reintegration: easy',
      'Reintegration: difficult',
      'Reintegration: highly complex',
      'Impact of discontinuing ICT services: low',
      'Impact of discontinuing ICT services: medium',
      'Impact of discontinuing ICT services: high',
    ),
  },
];

/** The links between templates that the supervisors' validation rules check: every value in `from` is a key of `to`. */
export const FOREIGN_KEYS: Array<{ from: [string, string]; to: [string, string] }> = [
  { from: ['B_02.02', 'c0010'], to: ['B_02.01', 'c0010'] },
  { from: ['B_02.02', 'c0030'], to: ['B_05.01', 'c0010'] },
  { from: ['B_02.02', 'c0050'], to: ['B_06.01', 'c0010'] },
  { from: ['B_02.02', 'c0020'], to: ['B_01.02', 'c0010'] },
  { from: ['B_03.01', 'c0010'], to: ['B_02.01', 'c0010'] },
  { from: ['B_03.02', 'c0010'], to: ['B_02.01', 'c0010'] },
  { from: ['B_03.02', 'c0020'], to: ['B_05.01', 'c0010'] },
  { from: ['B_04.01', 'c0010'], to: ['B_02.01', 'c0010'] },
  { from: ['B_04.01', 'c0020'], to: ['B_01.02', 'c0010'] },
  { from: ['B_05.02', 'c0010'], to: ['B_02.01', 'c0010'] },
  { from: ['B_05.02', 'c0030'], to: ['B_05.01', 'c0010'] },
  { from: ['B_05.02', 'c0060'], to: ['B_05.01', 'c0010'] },
  { from: ['B_06.01', 'c0040'], to: ['B_01.02', 'c0010'] },
  { from: ['B_07.01', 'c0010'], to: ['B_02.01', 'c0010'] },
  { from: ['B_07.01', 'c0020'], to: ['B_05.01', 'c0010'] },
];

/** Enumeration codes of the EBA's DPM (see the sources above). */
export const CODE = {
  country: (iso: string) => `eba_GA:${iso}`,
  currency: (iso: string) => `eba_CU:${iso}`,
  ictService: (s: string) => `eba_TA:${s}`,
  lei: 'eba_qCO:qx2000',
  yes: 'eba_BT:x28',
  no: 'eba_BT:x29',
  notAssessed: 'eba_BT:x21',
  standalone: 'eba_CO:x1',
  legalPerson: 'eba_CT:x212',
  notBranch: 'eba_ZZ:x839',
  ultimateParent: 'eba_RP:x53',
  level: { low: 'eba_ZZ:x791', medium: 'eba_ZZ:x792', high: 'eba_ZZ:x793', not_assessed: 'eba_ZZ:x799' },
  substitutability: {
    not_substitutable: 'eba_ZZ:x959',
    highly_complex: 'eba_ZZ:x960',
    medium_complexity: 'eba_ZZ:x961',
    easy: 'eba_ZZ:x962',
  },
  reintegration: { easy: 'eba_ZZ:x798', difficult: 'eba_ZZ:x966', highly_complex: 'eba_ZZ:x967' },
  entityType: {
    credit_institution: 'eba_CT:x12',
    payment_institution: 'eba_CT:x300',
    account_information_service_provider: 'eba_CT:x301',
    electronic_money_institution: 'eba_CT:x302',
    investment_firm: 'eba_CT:x599',
    crypto_asset_service_provider: 'eba_CT:x303',
    issuer_of_asset_referenced_tokens: 'eba_CT:x310',
    central_securities_depository: 'eba_CT:x304',
    central_counterparty: 'eba_CT:x643',
    trading_venue: 'eba_CT:x305',
    trade_repository: 'eba_CT:x306',
    alternative_investment_fund_manager: 'eba_CT:x307',
    management_company: 'eba_CT:x639',
    data_reporting_service_provider: 'eba_CT:x308',
    insurance_undertaking: 'eba_CT:x309',
    insurance_intermediary: 'eba_CT:x320',
    occupational_retirement_provision: 'eba_CT:x311',
    credit_rating_agency: 'eba_CT:x312',
    critical_benchmark_administrator: 'eba_CT:x313',
    crowdfunding_service_provider: 'eba_CT:x314',
    securitisation_repository: 'eba_CT:x315',
    other_financial_entity: 'eba_CT:x316',
  } as Record<string, string>,
} as const;

/** The taxonomy entry point of the DORA module (EBA reporting framework 4.0). */
export const ENTRY_POINT = 'http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/mod/dora.json';
