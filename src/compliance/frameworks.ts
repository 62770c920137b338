import type { Check } from './check-types.js';
import { encryption, injectionBlocking, outputBlocking, piiMasking, transmission } from './checks-data.js';
import { accessReview, authentication, keyRotation, leastPrivilege, mfa } from './checks-identity.js';
import {
  auditIntegrity,
  auditRetention,
  failClosed,
  monitoring,
  redteam,
  retention,
} from './checks-operations.js';
import { erasure, minimisation, processingRecord } from './checks-privacy.js';

export const FRAMEWORKS = ['soc2', 'hipaa', 'pci-dss', 'iso27001', 'gdpr'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** A framework control an LLM gateway touches, and the checks whose evidence decides it. */
export interface Control {
  id: string;
  title: string;
  checks: readonly Check[];
}

export const FRAMEWORK_NAMES: Record<Framework, string> = {
  soc2: 'SOC 2 (2017 Trust Services Criteria)',
  hipaa: 'HIPAA Security Rule, 45 CFR 164.312 technical safeguards',
  'pci-dss': 'PCI DSS v4.0',
  iso27001: 'ISO/IEC 27001:2022 Annex A',
  gdpr: 'GDPR (Regulation (EU) 2016/679)',
};

/** The mapping an auditor reviews: one table, control by control. */
export const CONTROLS: Record<Framework, readonly Control[]> = {
  soc2: [
    {
      id: 'CC6.1',
      title: 'Logical access security: identification, authentication, encryption',
      checks: [authentication, mfa, encryption],
    },
    {
      id: 'CC6.2',
      title: 'Access is granted, modified and removed through authorisation',
      checks: [leastPrivilege, accessReview],
    },
    {
      id: 'CC6.3',
      title: 'Role-based access with periodic review',
      checks: [leastPrivilege, accessReview, keyRotation],
    },
    {
      id: 'CC6.6',
      title: 'Protection against threats from outside the system boundary',
      checks: [injectionBlocking, transmission],
    },
    {
      id: 'CC6.7',
      title: 'Transmission and disclosure of information is restricted',
      checks: [piiMasking, outputBlocking, transmission],
    },
    { id: 'CC7.1', title: 'Vulnerabilities and misconfigurations are detected', checks: [redteam] },
    {
      id: 'CC7.2',
      title: 'System components are monitored for anomalies',
      checks: [monitoring, auditIntegrity],
    },
  ],
  hipaa: [
    {
      id: '164.312(a)(1)',
      title: 'Access control (unique users, encryption and decryption)',
      checks: [authentication, leastPrivilege, accessReview, encryption],
    },
    { id: '164.312(b)', title: 'Audit controls', checks: [auditIntegrity, auditRetention] },
    {
      id: '164.312(c)(1)',
      title: 'Integrity: ePHI is not improperly altered or destroyed',
      checks: [auditIntegrity, encryption, failClosed],
    },
    { id: '164.312(d)', title: 'Person or entity authentication', checks: [authentication, mfa] },
    { id: '164.312(e)(1)', title: 'Transmission security', checks: [transmission, piiMasking] },
  ],
  'pci-dss': [
    {
      id: 'Req. 3',
      title: 'Protect stored account data (masking, encryption, retention)',
      checks: [piiMasking, encryption, retention],
    },
    {
      id: 'Req. 7',
      title: 'Restrict access by business need to know',
      checks: [leastPrivilege, accessReview],
    },
    {
      id: 'Req. 8',
      title: 'Identify users and authenticate access',
      checks: [authentication, mfa, keyRotation],
    },
    {
      id: 'Req. 10',
      title: 'Log and monitor all access',
      checks: [auditIntegrity, auditRetention, monitoring],
    },
    { id: 'Req. 11', title: 'Test security of systems regularly', checks: [redteam] },
  ],
  iso27001: [
    { id: 'A.5.15', title: 'Access control', checks: [authentication, leastPrivilege] },
    { id: 'A.5.18', title: 'Access rights (provisioning and review)', checks: [accessReview, keyRotation] },
    { id: 'A.5.34', title: 'Privacy and protection of PII', checks: [piiMasking, erasure, retention] },
    { id: 'A.8.5', title: 'Secure authentication', checks: [authentication, mfa, keyRotation] },
    { id: 'A.8.15', title: 'Logging', checks: [auditIntegrity, auditRetention] },
    { id: 'A.8.16', title: 'Monitoring activities', checks: [monitoring] },
    { id: 'A.8.24', title: 'Use of cryptography', checks: [encryption, transmission] },
    { id: 'A.8.29', title: 'Security testing', checks: [redteam] },
  ],
  gdpr: [
    { id: 'Art. 5(1)(c)', title: 'Data minimisation', checks: [minimisation] },
    { id: 'Art. 5(1)(e)', title: 'Storage limitation', checks: [retention] },
    { id: 'Art. 17', title: 'Right to erasure', checks: [erasure] },
    {
      id: 'Art. 25',
      title: 'Data protection by design and by default',
      checks: [piiMasking, outputBlocking, failClosed],
    },
    { id: 'Art. 30', title: 'Records of processing activities', checks: [processingRecord] },
    {
      id: 'Art. 32',
      title: 'Security of processing',
      checks: [encryption, authentication, auditIntegrity, redteam],
    },
  ],
};

export function isFramework(value: string): value is Framework {
  return (FRAMEWORKS as readonly string[]).includes(value);
}
