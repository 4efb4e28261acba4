import { createPrng, type Prng } from "./create-prng";

const FIRST_NAMES = ["John", "Sam", "Maria", "Aisha", "Lukas", "Chen", "Olivia", "Mateo", "Priya", "Noah", "Emma", "Yuki", "Fatima", "Liam", "Sofia", "Omar", "Hannah", "Ivan", "Zoe", "Kwame"];
const LAST_NAMES = ["Doe", "Taylor", "Garcia", "Khan", "Muller", "Wang", "Smith", "Rossi", "Patel", "Brown", "Dubois", "Tanaka", "Haddad", "Nielsen", "Silva", "Novak", "Okafor", "Jensen", "Kowalski", "Moreau"];
const COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Enterprises", "Hooli", "Pied Piper", "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Wonka", "Aperture", "Massive Dynamic"];

export interface GeneratedPerson {
  index: number;
  email: string;
  firstName: string;
  lastName: string;
  companyName: string;
}

/** Depends only on (seed, index), so one index is the same human on both emulators (the product merges by email). */
export function createPerson(options: { index: number; seed: number }): GeneratedPerson {
  const { index } = options;
  const prng = createPrng({ seed: options.seed, stream: 1_000_003 + index });
  const firstName = prng.pick(FIRST_NAMES);
  const lastName = prng.pick(LAST_NAMES);
  const companyName = prng.pick(COMPANIES);
  const domain = `${companyName.toLowerCase().replace(/[^a-z]/g, "")}.example.com`;
  const email = `${firstName.toLowerCase()}.${lastName.toLowerCase()}${index}@${domain}`;
  return { index, email, firstName, lastName, companyName };
}

/** How a careless import writes an address: odd case and stray spaces (the canonical email is normalised). */
export function messUpEmail(options: { email: string; prng: Prng }): string {
  const { email, prng } = options;
  const variant = prng.int(0, 2);
  if (variant === 0) return email.toUpperCase();
  if (variant === 1) return ` ${email.charAt(0).toUpperCase()}${email.slice(1)} `;
  return `${email.replace(/@.*/, (domain) => domain.toUpperCase())}  `;
}

/**
 * Which person fills lead slot `slot` of campaign `campaign`: mostly fresh people, some shared with the previous
 * campaign (the same person contacted twice).
 */
export function personIndexForSlot(options: { campaign: number; slot: number; leadsPerCampaign: number; prng: Prng }): number {
  const { campaign, slot, leadsPerCampaign, prng } = options;
  if (campaign > 0 && prng.chance(0.1)) return (campaign - 1) * leadsPerCampaign + slot;
  return campaign * leadsPerCampaign + slot;
}
