import { enumField } from "./fields.js";

/**
 * Every enum of the model, by the seed's type names (the names `get_data_model_types` accepts).
 * Values are the canonical stored spellings.
 */
export const ENUMS = {
  IndustrySector: [
    "Finance",
    "Healthcare",
    "Retail",
    "Technology",
    "Manufacturing",
    "Government",
    "Education",
    "Energy",
    "Transportation",
    "Other",
  ],
  DataSensitivity: ["Public", "Internal", "Confidential", "Restricted", "Regulated"],
  UserBaseSize: ["Small (<1,000)", "Medium (1,000–100,000)", "Large (100,000–1M)", "Enterprise (>1M)"],
  GeographicScope: ["Local", "Regional", "National", "Multinational", "Global"],
  RegulatoryRequirement: ["GDPR", "HIPAA", "PCI-DSS", "SOX", "FISMA", "CCPA", "None", "Multiple"],
  SystemCriticality: ["Low (days)", "Medium (hours)", "High (minutes)", "Mission-Critical (cannot be down)"],
  FinancialImpact: [
    "Minimal (<$10K)",
    "Low ($10K–$100K)",
    "Medium ($100K–$1M)",
    "High ($1M–$10M)",
    "Severe (>$10M)",
  ],
  AuthenticationRequirement: [
    "None",
    "Basic (username/password)",
    "MFA",
    "Federated (SSO/OAuth)",
    "Biometric",
  ],
  DeploymentEnvironment: ["On-Premises", "Cloud-Public", "Cloud-Private", "Hybrid", "Multi-Cloud"],
  IntegrationComplexity: ["Standalone", "Limited", "Moderate", "Complex", "Highly Complex"],

  ComponentType: [
    "Compute",
    "Storage",
    "Network",
    "Security",
    "Database",
    "Messaging",
    "Analytics",
    "Container",
    "Serverless",
    "Other",
  ],
  ServiceProvider: ["AWS", "Azure", "GCP", "CNCF", "On-Premise", "Hybrid", "Other"],
  AWSService: [
    "EC2",
    "S3",
    "RDS",
    "Lambda",
    "DynamoDB",
    "VPC",
    "API Gateway",
    "CloudFront",
    "Cognito",
    "IAM",
    "SQS",
    "SNS",
    "Kinesis",
    "CloudWatch",
    "Route53",
    "ECS",
    "EKS",
    "Fargate",
    "Other",
  ],
  Protocol: ["HTTP", "HTTPS", "TCP", "UDP", "SSH", "FTP", "SMTP", "WebSocket", "gRPC", "MQTT", "Other"],
  DataStoreType: [
    "Relational",
    "NoSQL",
    "Object Storage",
    "File System",
    "Cache",
    "Data Warehouse",
    "Graph",
    "Time Series",
    "Ledger",
    "Other",
  ],
  DataClassification: ["Public", "Internal", "Confidential", "Restricted", "Regulated"],
  BackupFrequency: ["Hourly", "Daily", "Weekly", "Monthly", "Continuous", "None"],

  ThreatActorType: [
    "Insider",
    "External",
    "Nation-state",
    "Hacktivist",
    "Organized Crime",
    "Competitor",
    "Script Kiddie",
    "Disgruntled Employee",
    "Privileged User",
    "Third Party",
    "Other",
  ],
  Motivation: [
    "Financial",
    "Political",
    "Espionage",
    "Reputation",
    "Revenge",
    "Ideology",
    "Curiosity",
    "Accidental",
    "Disruption",
    "Other",
  ],
  CapabilityLevel: ["Low", "Medium", "High"],
  ResourceLevel: ["Limited", "Moderate", "Extensive"],

  BoundaryType: ["Network", "Process", "Physical", "Container", "Virtual Machine", "Account", "Other"],
  AuthenticationMethod: [
    "Password",
    "Multi-factor",
    "Certificate",
    "Token",
    "Biometric",
    "API Key",
    "IAM Role",
    "OAuth",
    "None",
    "Other",
  ],
  AuthorizationMethod: [
    "Role-based",
    "Attribute-based",
    "Discretionary",
    "Mandatory",
    "Policy-based",
    "Rule-based",
    "None",
    "Other",
  ],
  TrustLevel: ["Untrusted", "Low", "Medium", "High", "Full"],

  AssetType: [
    "Data",
    "Credential",
    "Process",
    "Configuration",
    "Cryptographic Key",
    "Token",
    "Session",
    "Other",
  ],
  AssetClassification: ["Public", "Internal", "Confidential", "Restricted", "Regulated", "Other"],
  LifecycleState: ["Creation", "Storage", "Transmission", "Processing", "Destruction", "Archival", "Other"],
  TransformationType: [
    "Encryption",
    "Decryption",
    "Processing",
    "Aggregation",
    "Anonymization",
    "Pseudonymization",
    "Tokenization",
    "Hashing",
    "Signing",
    "Verification",
    "Redaction",
    "Other",
  ],
  ControlType: [
    "Encryption",
    "Access Control",
    "Authentication",
    "Authorization",
    "Audit Logging",
    "Input Validation",
    "Output Encoding",
    "Integrity Check",
    "Rate Limiting",
    "Monitoring",
    "Other",
  ],

  ThreatCategory: [
    "Spoofing",
    "Tampering",
    "Repudiation",
    "Information Disclosure",
    "Denial of Service",
    "Elevation of Privilege",
  ],
  ThreatSeverity: ["Low", "Medium", "High", "Critical"],
  ThreatLikelihood: ["Unlikely", "Possible", "Likely", "Very Likely"],
  AttackVector: ["Network", "Adjacent", "Local", "Physical"],
  AttackComplexity: ["Low", "High"],
  ThreatStatus: ["threatIdentified", "threatResolved", "threatResolvedNotUseful"],
  MitigationType: ["Preventive", "Detective", "Corrective", "Deterrent"],
  MitigationStatus: [
    "mitigationIdentified",
    "mitigationInProgress",
    "mitigationResolved",
    "mitigationResolvedWillNotAction",
  ],
  MitigationCost: ["Low", "Medium", "High"],
  MitigationEffectiveness: ["Low", "Medium", "High"],
} as const satisfies Record<string, readonly [string, ...string[]]>;

export type EnumName = keyof typeof ENUMS;
export type EnumValue<N extends EnumName> = (typeof ENUMS)[N][number];

export const ENUM_NAMES = Object.keys(ENUMS) as EnumName[];

/** Extra spellings people and agents use for the Threat Composer status values. */
const ALIASES: Partial<Record<EnumName, Record<string, string>>> = {
  ThreatStatus: {
    identified: "threatIdentified",
    open: "threatIdentified",
    resolved: "threatResolved",
    "not useful": "threatResolvedNotUseful",
    notuseful: "threatResolvedNotUseful",
  },
  MitigationStatus: {
    identified: "mitigationIdentified",
    "in progress": "mitigationInProgress",
    resolved: "mitigationResolved",
    implemented: "mitigationResolved",
    "will not action": "mitigationResolvedWillNotAction",
  },
};

/** A zod field for the named enum (lenient input, canonical output). */
export function enumOf<N extends EnumName>(name: N) {
  return enumField(name, ENUMS[name], (ALIASES[name] ?? {}) as Record<string, EnumValue<N>>);
}

export const ComponentType = enumOf("ComponentType");
export const ServiceProvider = enumOf("ServiceProvider");
export const Protocol = enumOf("Protocol");
export const DataStoreType = enumOf("DataStoreType");
export const DataClassification = enumOf("DataClassification");
export const BackupFrequency = enumOf("BackupFrequency");
export const ThreatActorType = enumOf("ThreatActorType");
export const Motivation = enumOf("Motivation");
export const CapabilityLevel = enumOf("CapabilityLevel");
export const ResourceLevel = enumOf("ResourceLevel");
export const BoundaryType = enumOf("BoundaryType");
export const AuthenticationMethod = enumOf("AuthenticationMethod");
export const AuthorizationMethod = enumOf("AuthorizationMethod");
export const TrustLevel = enumOf("TrustLevel");
export const AssetType = enumOf("AssetType");
export const AssetClassification = enumOf("AssetClassification");
export const LifecycleState = enumOf("LifecycleState");
export const TransformationType = enumOf("TransformationType");
export const ControlType = enumOf("ControlType");
export const ThreatCategory = enumOf("ThreatCategory");
export const ThreatSeverity = enumOf("ThreatSeverity");
export const ThreatLikelihood = enumOf("ThreatLikelihood");
export const AttackVector = enumOf("AttackVector");
export const AttackComplexity = enumOf("AttackComplexity");
export const ThreatStatus = enumOf("ThreatStatus");
export const MitigationType = enumOf("MitigationType");
export const MitigationStatus = enumOf("MitigationStatus");
export const MitigationCost = enumOf("MitigationCost");
export const MitigationEffectiveness = enumOf("MitigationEffectiveness");
