import type { Asset, CrossingPoint, ThreatActor, TrustBoundary, TrustZone } from "./entities.js";

/**
 * The starting library of a new model. Ids are fixed (not random) so that two branches that each
 * create a model write byte-identical default files and merge cleanly, and so that the seed's
 * well-known ids (TA001, TZ001, CP001, TB001, A001) keep working in existing prompts.
 */
type ActorRow = [
  id: string,
  name: string,
  type: ThreatActor["type"],
  capability: ThreatActor["capability_level"],
  motivations: ThreatActor["motivations"],
  resources: ThreatActor["resources"],
  priority: number,
  relevance: number,
  description: string,
];

const ACTORS: ActorRow[] = [
  [
    "TA001",
    "Insider",
    "Insider",
    "Medium",
    ["Financial", "Revenge"],
    "Limited",
    5,
    0.7,
    "An employee or contractor who already holds legitimate access to the system.",
  ],
  [
    "TA002",
    "External Attacker",
    "External",
    "Medium",
    ["Financial"],
    "Moderate",
    3,
    0.8,
    "An outside individual or group trying to gain access they were never granted.",
  ],
  [
    "TA003",
    "Nation-state Actor",
    "Nation-state",
    "High",
    ["Espionage", "Political"],
    "Extensive",
    1,
    0.3,
    "A government-backed team with advanced tooling, patience and budget.",
  ],
  [
    "TA004",
    "Hacktivist",
    "Hacktivist",
    "Medium",
    ["Ideology", "Political"],
    "Moderate",
    6,
    0.5,
    "Attackers driven by a political or social cause, often seeking visibility.",
  ],
  [
    "TA005",
    "Organized Crime",
    "Organized Crime",
    "High",
    ["Financial"],
    "Extensive",
    2,
    0.6,
    "A criminal organisation that runs attacks as a business.",
  ],
  [
    "TA006",
    "Competitor",
    "Competitor",
    "Medium",
    ["Financial", "Espionage"],
    "Moderate",
    7,
    0.4,
    "A rival business after trade secrets or market advantage.",
  ],
  [
    "TA007",
    "Script Kiddie",
    "Script Kiddie",
    "Low",
    ["Curiosity", "Reputation"],
    "Limited",
    9,
    0.7,
    "An unskilled attacker running tools and exploits written by others.",
  ],
  [
    "TA008",
    "Disgruntled Employee",
    "Disgruntled Employee",
    "Medium",
    ["Revenge"],
    "Limited",
    4,
    0.5,
    "A current or former staff member with a grievance and inside knowledge.",
  ],
  [
    "TA009",
    "Privileged User",
    "Privileged User",
    "High",
    ["Financial", "Accidental"],
    "Moderate",
    8,
    0.6,
    "An administrator or operator whose elevated rights can be abused or misused by mistake.",
  ],
  [
    "TA010",
    "Third Party",
    "Third Party",
    "Medium",
    ["Financial", "Accidental"],
    "Moderate",
    10,
    0.5,
    "A vendor, partner or service provider with some access to the system or its data.",
  ],
];

export function defaultThreatActors(): ThreatActor[] {
  return ACTORS.map(
    ([id, name, type, capability_level, motivations, resources, priority, relevance_score, description]) => ({
      id,
      name,
      type,
      capability_level,
      motivations,
      resources,
      description,
      priority,
      relevance_score,
      is_relevant: true,
      relevance_decided: false,
      is_default: true,
    }),
  );
}

export function defaultTrustZones(): TrustZone[] {
  return [
    {
      id: "TZ001",
      name: "Internet",
      trust_level: "Untrusted",
      description: "The public internet and anything reachable from it.",
      is_default: true,
    },
    {
      id: "TZ002",
      name: "DMZ",
      trust_level: "Low",
      description: "Public-facing services such as load balancers and gateways.",
      is_default: true,
    },
    {
      id: "TZ003",
      name: "Application",
      trust_level: "Medium",
      description: "Application servers and internal services.",
      is_default: true,
    },
    {
      id: "TZ004",
      name: "Data",
      trust_level: "High",
      description: "Databases, object storage and other data stores.",
      is_default: true,
    },
    {
      id: "TZ005",
      name: "Admin",
      trust_level: "Full",
      description: "Administrative access with the highest privileges.",
      is_default: true,
    },
  ];
}

export function defaultCrossingPoints(): CrossingPoint[] {
  const cp = (
    id: string,
    from: string,
    to: string,
    authn: CrossingPoint["authentication_method"],
    authz: CrossingPoint["authorization_method"],
    description: string,
  ): CrossingPoint => ({
    id,
    source_zone_id: from,
    destination_zone_id: to,
    connection_ids: [],
    authentication_method: authn,
    authorization_method: authz,
    description,
    is_default: true,
  });
  return [
    cp("CP001", "TZ001", "TZ002", "None", "None", "Traffic from the internet into public-facing services."),
    cp(
      "CP002",
      "TZ002",
      "TZ003",
      "API Key",
      "Role-based",
      "Public-facing services calling the application tier.",
    ),
    cp(
      "CP003",
      "TZ003",
      "TZ004",
      "IAM Role",
      "Policy-based",
      "The application tier reading and writing data stores.",
    ),
    cp(
      "CP004",
      "TZ005",
      "TZ003",
      "Multi-factor",
      "Role-based",
      "Administrators reaching application servers.",
    ),
    cp("CP005", "TZ005", "TZ004", "Multi-factor", "Role-based", "Administrators reaching data stores."),
  ];
}

export function defaultTrustBoundaries(): TrustBoundary[] {
  const tb = (id: string, name: string, cps: string[], controls: string[]): TrustBoundary => ({
    id,
    name,
    type: "Network",
    crossing_point_ids: cps,
    controls,
    description: `Default ${name.toLowerCase()}.`,
    is_default: true,
  });
  return [
    tb(
      "TB001",
      "Internet Boundary",
      ["CP001"],
      ["Web Application Firewall", "DDoS Protection", "TLS Encryption"],
    ),
    tb("TB002", "DMZ Boundary", ["CP002"], ["Network Firewall", "Intrusion Detection System", "API Gateway"]),
    tb("TB003", "Data Boundary", ["CP003"], ["Database Firewall", "Encryption", "Access Control Lists"]),
    tb(
      "TB004",
      "Admin Boundary",
      ["CP004", "CP005"],
      ["Privileged Access Management", "Multi-Factor Authentication", "Audit Logging"],
    ),
  ];
}

export function defaultAssets(): Asset[] {
  const asset = (
    id: string,
    name: string,
    type: Asset["type"],
    classification: Asset["classification"],
    lifecycle_state: Asset["lifecycle_state"],
    sensitivity: number,
    criticality: number,
    description: string,
  ): Asset => ({
    id,
    name,
    type,
    classification,
    lifecycle_state,
    description,
    sensitivity,
    criticality,
    is_default: true,
  });
  return [
    asset(
      "A001",
      "User Credentials",
      "Credential",
      "Confidential",
      "Transmission",
      5,
      5,
      "Passwords and other secrets users sign in with.",
    ),
    asset(
      "A002",
      "Personal Identifiable Information",
      "Data",
      "Confidential",
      "Storage",
      4,
      4,
      "Data that identifies a person: names, emails, addresses.",
    ),
    asset(
      "A003",
      "Session Token",
      "Token",
      "Confidential",
      "Transmission",
      5,
      5,
      "Tokens that prove an authenticated session.",
    ),
    asset(
      "A004",
      "Configuration Data",
      "Configuration",
      "Internal",
      "Storage",
      3,
      4,
      "Settings that control how the system behaves.",
    ),
    asset(
      "A005",
      "Encryption Keys",
      "Cryptographic Key",
      "Restricted",
      "Storage",
      5,
      5,
      "Keys that protect data at rest and in transit.",
    ),
    asset(
      "A006",
      "Public Content",
      "Data",
      "Public",
      "Storage",
      1,
      2,
      "Content intended for anyone to read.",
    ),
    asset(
      "A007",
      "Audit Logs",
      "Data",
      "Internal",
      "Storage",
      3,
      4,
      "Records of who did what, needed for investigations.",
    ),
  ];
}
