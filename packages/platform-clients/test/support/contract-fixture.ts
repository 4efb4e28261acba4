import type { RunningEmulator } from "@full-sync/emulators";
import type { CanonicalEvent } from "@full-sync/shared";
import { createTestDatabase, type TestDatabase } from "@full-sync/testing";
import { CONTRACT_FAULTS } from "./contract-faults";
import { sortedEventKeys } from "./event-keys";

export interface ContractFixture<Client> {
  db: TestDatabase;
  emulator: RunningEmulator;
  client: Client;
}

/**
 * One emulator and one client for a contract suite, with the rule every contract test obeys: after each test the
 * emulator saw no 429 provoked by the client (faults are cleared and stats reset for the next test).
 */
export function useContractFixture<Client>(
  start: (db: TestDatabase) => Promise<{ emulator: RunningEmulator; client: Client }>,
): ContractFixture<Client> {
  const fixture = {} as ContractFixture<Client>;
  beforeAll(async () => {
    fixture.db = await createTestDatabase();
    Object.assign(fixture, await start(fixture.db));
  });
  afterEach(() => {
    // Read, then reset, then assert: a failed assertion must not leave its 429 or faults to fail the next tests.
    const { rateLimited } = fixture.emulator.stats();
    fixture.emulator.clearFaults();
    fixture.emulator.resetStats();
    expect(rateLimited).toBe(0);
  });
  afterAll(async () => {
    await fixture.emulator?.close();
    await fixture.db?.drop();
  });
  return fixture;
}

/** Every fault kind, each recovered: the full listing still equals the ground truth. */
export function itRecoversFromEveryFault(fixture: ContractFixture<unknown>, listAll: () => Promise<CanonicalEvent[]>): void {
  it.each(CONTRACT_FAULTS)("when the platform injects %s, then the listing still equals the ground truth", async (_name, fault) => {
    fixture.emulator.setFaults(fault);
    const events = await listAll();
    expect(sortedEventKeys(events)).toEqual(sortedEventKeys(fixture.emulator.groundTruth()));
    expect(fixture.emulator.stats().injectedFaults).toBeGreaterThan(0);
  });
}
