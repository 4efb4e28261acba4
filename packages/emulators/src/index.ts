export type { EmulatorOptions, EmulatorStats, FaultConfig, RunningEmulator } from "./types";
export { startSmartleadEmulator, SMARTLEAD_DEFAULT_RATE_LIMIT } from "./smartlead/start-smartlead-emulator";
export { SMARTLEAD_LEADS_MAX_LIMIT, SMARTLEAD_STATISTICS_MAX_LIMIT } from "./smartlead/smartlead-routes";
export { startLemlistEmulator, LEMLIST_DEFAULT_RATE_LIMIT } from "./lemlist/start-lemlist-emulator";
export { LEMLIST_MAX_LIMIT } from "./lemlist/lemlist-routes";
export { LEMLIST_MESSAGES } from "./lemlist/lemlist-behaviour";
