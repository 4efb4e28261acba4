export { startAll } from "./start-all";
