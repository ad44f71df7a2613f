// `vfio-doctor schema`: the JSON Schema of the --json report (and of its error document).
import type { CliIO } from '../io';

export async function schemaCommand(io: CliIO): Promise<number> {
  // zod is only needed here: loading it lazily keeps it off the report paths' start-up.
  const [{ z }, { JsonDocument }] = await Promise.all([import('zod'), import('../../schema/error-report')]);
  io.stdout(`${JSON.stringify(z.toJSONSchema(JsonDocument), null, 2)}\n`);
  return 0;
}
