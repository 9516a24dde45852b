// Loaded with `node --require` before the bot (npm start), so OpenTelemetry's instrumentations are
// in place before botbuilder, restify and @azure/cosmos load the modules they patch. Without
// APPLICATIONINSIGHTS_CONNECTION_STRING it does nothing.
import { startTelemetry } from './telemetry';

const connectionString = process.env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
if (connectionString) startTelemetry({ connectionString });
