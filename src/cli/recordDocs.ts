import { readFileSync, writeFileSync } from 'node:fs';
import { loadDeployment } from '../config/deploymentFile';
import {
  guardFiguresFrom,
  konsekvensbedomning,
  registerforteckning,
  type RecordDocsSource,
} from '../report/recordDocs';

export const RECORD_DOCS = {
  'docs/registerforteckning.md': registerforteckning,
  'docs/konsekvensbedomning.md': konsekvensbedomning,
} as const;

/** The configuration the documents are made from, read from the repository. */
export function recordDocsSource(deploymentFile = 'deployments/local.json'): RecordDocsSource {
  const { deployment } = loadDeployment(deploymentFile);
  const parameters = JSON.parse(readFileSync('infra/main.parameters.json', 'utf8')) as {
    parameters: { location: { value: string } };
  };
  const bicep = readFileSync('infra/main.bicep', 'utf8');
  const days = /param logRetentionDays int = (\d+)/.exec(bicep)?.[1];
  if (!days) throw new Error('infra/main.bicep anger inte logRetentionDays');
  return {
    deploymentFile,
    retention: deployment.retention,
    location: parameters.parameters.location.value,
    logRetentionDays: Number(days),
    guardFigures: guardFiguresFrom(readFileSync('docs/security.md', 'utf8')),
  };
}

if (require.main === module) {
  const source = recordDocsSource(process.env.DEPLOYMENT_FILE);
  for (const [path, make] of Object.entries(RECORD_DOCS)) {
    writeFileSync(path, make(source));
    process.stderr.write(`${path} är skriven\n`);
  }
}
