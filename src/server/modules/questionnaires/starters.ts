/**
 * Outpost's own starter questionnaires: information security, privacy and business continuity.
 * A starter is copied into a new template, which the organisation then edits as its own.
 */
import type { TemplateContentInput } from '../../../contracts/questionnaires';

const yesNo = (yes: number, no: number) => [
  { id: 'yes', label: 'Yes', score: yes },
  { id: 'no', label: 'No', score: no },
];

export const STARTER_TEMPLATES: Record<
  'information_security' | 'privacy' | 'business_continuity',
  TemplateContentInput
> = {
  information_security: {
    name: 'Information security',
    description: 'The controls a partner handling our systems or data should have in place.',
    sections: [
      {
        id: 'governance',
        title: 'Governance',
        questions: [
          {
            id: 'sec_policy',
            text: 'Do you have an information security policy approved by management and reviewed at least yearly?',
            type: 'yes_no',
            required: true,
            weight: 2,
            options: yesNo(1, 0),
          },
          {
            id: 'sec_officer',
            text: 'Who is responsible for information security (name and role)?',
            type: 'text',
            required: true,
            weight: 0,
          },
          {
            id: 'sec_certification',
            text: 'Which certifications cover the services you would provide to us?',
            type: 'multiple_choice',
            weight: 2,
            options: [
              { id: 'cert_iso27001', label: 'ISO/IEC 27001', score: 2 },
              { id: 'cert_soc2', label: 'SOC 2 Type II', score: 2 },
              { id: 'cert_pci', label: 'PCI DSS', score: 1 },
              { id: 'cert_none', label: 'None', score: 0 },
            ],
          },
          {
            id: 'sec_cert_report',
            text: 'Upload the latest certificate or audit report.',
            type: 'file',
            condition: '!cert_none && sec_certification',
            weight: 0,
          },
        ],
      },
      {
        id: 'data_protection',
        title: 'Data protection',
        questions: [
          {
            id: 'enc_at_rest',
            text: 'Is our data encrypted at rest?',
            type: 'yes_no',
            required: true,
            weight: 3,
            options: yesNo(1, 0),
          },
          {
            id: 'enc_at_rest_how',
            text: 'How are the encryption keys managed?',
            type: 'single_choice',
            condition: 'enc_at_rest/yes',
            weight: 1,
            options: [
              {
                id: 'keys_hsm',
                label: 'In a hardware security module or a cloud key management service',
                score: 2,
              },
              { id: 'keys_app', label: 'By the application, stored separately from the data', score: 1 },
              { id: 'keys_with_data', label: 'Stored with the data', score: 0 },
            ],
          },
          {
            id: 'enc_in_transit',
            text: 'Is all data in transit encrypted with TLS 1.2 or later?',
            type: 'yes_no',
            required: true,
            weight: 3,
            options: yesNo(1, 0),
          },
          {
            id: 'backups_tested',
            text: 'When did you last restore from a backup as a test?',
            type: 'date',
            weight: 0,
          },
        ],
      },
      {
        id: 'access',
        title: 'Access control',
        questions: [
          {
            id: 'mfa_admin',
            text: 'Is multi-factor authentication required for every administrative access?',
            type: 'yes_no',
            required: true,
            weight: 3,
            options: yesNo(1, 0),
          },
          {
            id: 'access_review_frequency',
            text: 'How often are access rights reviewed?',
            type: 'single_choice',
            required: true,
            weight: 2,
            options: [
              { id: 'review_quarterly', label: 'Every quarter or more often', score: 2 },
              { id: 'review_yearly', label: 'Every year', score: 1 },
              { id: 'review_never', label: 'Not on a schedule', score: 0 },
            ],
          },
          {
            id: 'leavers_hours',
            text: 'Within how many hours is a leaver’s access removed?',
            type: 'number',
            weight: 0,
          },
        ],
      },
      {
        id: 'incidents',
        title: 'Incidents and testing',
        questions: [
          {
            id: 'incident_process',
            text: 'Do you have a documented incident response process that notifies customers within 72 hours?',
            type: 'yes_no',
            required: true,
            weight: 2,
            options: yesNo(1, 0),
          },
          {
            id: 'pentest_yearly',
            text: 'Is an independent penetration test run at least yearly?',
            type: 'yes_no',
            required: true,
            weight: 2,
            options: yesNo(1, 0),
          },
          {
            id: 'pentest_report',
            text: 'Upload the summary of the latest penetration test.',
            type: 'file',
            condition: 'pentest_yearly/yes',
            weight: 0,
          },
        ],
      },
    ],
    flags: [
      {
        id: 'no_encryption_at_rest',
        condition: 'enc_at_rest/no',
        severity: 'critical',
        title: 'Data not encrypted at rest',
        message: 'Restricted or personal data must not be shared until data at rest is encrypted.',
      },
      {
        id: 'keys_with_data',
        condition: 'keys_with_data',
        severity: 'high',
        title: 'Encryption keys stored with the data',
        message: 'Encryption is defeated when the keys sit next to the data.',
      },
      {
        id: 'no_tls',
        condition: 'enc_in_transit/no',
        severity: 'critical',
        title: 'Data in transit not encrypted',
        message: 'Require TLS 1.2 or later for every transfer.',
      },
      {
        id: 'no_mfa',
        condition: 'mfa_admin/no',
        severity: 'high',
        title: 'No MFA for administrators',
        message: 'Administrative accounts without MFA are the first target of attackers.',
      },
      {
        id: 'no_pentest',
        condition: 'pentest_yearly/no',
        severity: 'medium',
        title: 'No yearly penetration test',
        message: 'Ask for an independent test before go-live.',
      },
    ],
  },
  privacy: {
    name: 'Privacy and data processing',
    description: 'For partners that process personal data on our behalf (GDPR article 28 and similar laws).',
    sections: [
      {
        id: 'processing',
        title: 'Processing',
        questions: [
          {
            id: 'dpo',
            text: 'Have you appointed a data protection officer or privacy lead?',
            type: 'yes_no',
            required: true,
            weight: 1,
            options: yesNo(1, 0),
          },
          { id: 'dpo_contact', text: 'Their name and email', type: 'text', condition: 'dpo/yes', weight: 0 },
          {
            id: 'records',
            text: 'Do you keep a record of processing activities?',
            type: 'yes_no',
            required: true,
            weight: 2,
            options: yesNo(1, 0),
          },
          {
            id: 'locations',
            text: 'Where would our personal data be processed?',
            type: 'multiple_choice',
            required: true,
            weight: 0,
            options: [
              { id: 'loc_eea', label: 'In the EEA' },
              { id: 'loc_adequate', label: 'In a country with an adequacy decision' },
              { id: 'loc_other', label: 'Elsewhere' },
            ],
          },
          {
            id: 'transfer_mechanism',
            text: 'Which transfer mechanism covers processing elsewhere?',
            type: 'single_choice',
            condition: 'loc_other',
            required: true,
            weight: 3,
            options: [
              { id: 'mech_scc', label: 'Standard contractual clauses', score: 1 },
              { id: 'mech_bcr', label: 'Binding corporate rules', score: 1 },
              { id: 'mech_none', label: 'None', score: 0 },
            ],
          },
        ],
      },
      {
        id: 'subprocessors',
        title: 'Sub-processors and rights',
        questions: [
          {
            id: 'subprocessors_listed',
            text: 'Will you give us the list of sub-processors and notify us before adding one?',
            type: 'yes_no',
            required: true,
            weight: 2,
            options: yesNo(1, 0),
          },
          {
            id: 'dsar_days',
            text: 'Within how many days can you help us answer a data subject request?',
            type: 'number',
            weight: 0,
          },
          {
            id: 'deletion_certificate',
            text: 'At the end of the contract, will you return or delete our data and certify it?',
            type: 'yes_no',
            required: true,
            weight: 2,
            options: yesNo(1, 0),
          },
          {
            id: 'breach_hours',
            text: 'Within how many hours would you notify us of a personal data breach?',
            type: 'number',
            required: true,
            weight: 0,
          },
        ],
      },
    ],
    flags: [
      {
        id: 'no_mechanism',
        condition: 'mech_none',
        severity: 'critical',
        title: 'Transfer without a mechanism',
        message:
          'Personal data would leave the EEA without standard contractual clauses or binding corporate rules.',
      },
      {
        id: 'no_records',
        condition: 'records/no',
        severity: 'medium',
        title: 'No record of processing',
        message: 'A processor must keep records of its processing.',
      },
      {
        id: 'no_deletion',
        condition: 'deletion_certificate/no',
        severity: 'high',
        title: 'No deletion at exit',
        message: 'Agree return and deletion with a certificate before signing.',
      },
    ],
  },
  business_continuity: {
    name: 'Business continuity',
    description: 'Can the partner keep delivering through an outage, a disaster or the loss of a site?',
    sections: [
      {
        id: 'plans',
        title: 'Plans',
        questions: [
          {
            id: 'bcp',
            text: 'Do you have a business continuity plan covering the services you would provide to us?',
            type: 'yes_no',
            required: true,
            weight: 3,
            options: yesNo(1, 0),
          },
          {
            id: 'bcp_tested',
            text: 'When was it last tested?',
            type: 'date',
            condition: 'bcp/yes',
            required: true,
            weight: 0,
          },
          {
            id: 'test_frequency',
            text: 'How often is it tested?',
            type: 'single_choice',
            condition: 'bcp/yes',
            required: true,
            weight: 2,
            options: [
              { id: 'test_twice', label: 'Twice a year or more', score: 2 },
              { id: 'test_yearly', label: 'Every year', score: 1 },
              { id: 'test_never', label: 'It has not been tested', score: 0 },
            ],
          },
          {
            id: 'bcp_document',
            text: 'Upload the plan or its summary.',
            type: 'file',
            condition: 'bcp/yes',
            weight: 0,
          },
        ],
      },
      {
        id: 'resilience',
        title: 'Resilience',
        questions: [
          {
            id: 'second_site',
            text: 'Can the work move to a second site or to home working within one business day?',
            type: 'yes_no',
            required: true,
            weight: 3,
            options: yesNo(1, 0),
          },
          {
            id: 'rto_hours',
            text: 'Recovery time objective for our service, in hours',
            type: 'number',
            required: true,
            weight: 0,
          },
          {
            id: 'power_backup',
            text: 'Do your delivery sites have backup power and connectivity?',
            type: 'yes_no',
            weight: 1,
            options: yesNo(1, 0),
          },
          {
            id: 'key_people',
            text: 'Are at least two people trained for every role on our account?',
            type: 'yes_no',
            weight: 2,
            options: yesNo(1, 0),
          },
        ],
      },
    ],
    flags: [
      {
        id: 'no_bcp',
        condition: 'bcp/no',
        severity: 'high',
        title: 'No business continuity plan',
        message: 'Ask for a plan before the go-live of a critical service.',
      },
      {
        id: 'never_tested',
        condition: 'test_never',
        severity: 'medium',
        title: 'Plan never tested',
        message: 'An untested plan is a hope, not a plan.',
      },
      {
        id: 'single_site',
        condition: 'second_site/no',
        severity: 'high',
        title: 'A single site',
        message: 'The loss of one site stops the service.',
      },
    ],
  },
};
