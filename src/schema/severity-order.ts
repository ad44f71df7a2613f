// Severity ordering shared by the engine and the renderers.
import type { Severity } from './finding';

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
