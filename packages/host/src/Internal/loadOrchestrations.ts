import { BatonError, BatonErrorCode, toError, type HostBuilder } from '@baton/core';
import { pathToFileURL } from 'node:url';
import { findOrchestrations, type FoundOrchestration } from './findOrchestrations.js';
import type { HostingLog } from './HostingLog.js';
import type { ResolvedOrchestrations } from './ResolvedOrchestrations.js';

/** `add<Name>Orchestration` for a kebab-case name: `inventory-sync` → `addInventorySyncOrchestration`. */
export function entryPointName(name: string): string {
  return `add${name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}Orchestration`;
}

type AddOrchestration = (builder: HostBuilder, options?: unknown) => void;

/**
 * Loads the orchestrations of `config` onto `builder`, all or none: every name is found first (an unknown or
 * escaping name throws before any package is imported), then every package is imported and its
 * `add<Name>Orchestration` looked up, and only then is each called, in order, with its options.
 * @throws the errors of {@link findOrchestrations}; `BATON_ERR_ORCHESTRATION_LOAD_FAILED` naming the package when it
 * cannot be imported, lacks its entry point, or its entry point throws (the host then does not start).
 */
export async function loadOrchestrations(builder: HostBuilder, config: ResolvedOrchestrations, log: HostingLog): Promise<void> {
  if (config.names.length === 0) return;
  const found = findOrchestrations(config);
  const loaded: { orchestration: FoundOrchestration; add: AddOrchestration }[] = [];
  for (const orchestration of found) loaded.push({ orchestration, add: await importEntryPoint(orchestration) });
  for (const { orchestration, add } of loaded) {
    try {
      add(builder, config.options[orchestration.name]);
    } catch (error) {
      throw new BatonError(
        BatonErrorCode.OrchestrationLoadFailed,
        `Orchestration '${orchestration.name}' (${orchestration.packageName}) failed to register: ${entryPointName(orchestration.name)} threw: ${toError(error).message}`,
        { cause: error },
      );
    }
    log.orchestrationLoaded(orchestration.name, orchestration.packageName, orchestration.source, orchestration.entry);
  }
}

async function importEntryPoint(orchestration: FoundOrchestration): Promise<AddOrchestration> {
  const { name, packageName, entry } = orchestration;
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  } catch (error) {
    throw new BatonError(
      BatonErrorCode.OrchestrationLoadFailed,
      `Orchestration '${name}' (${packageName}) could not be imported from ${entry}: ${toError(error).message}`,
      { cause: error },
    );
  }
  const exportName = entryPointName(name);
  // A CommonJS package's exports may sit on `default` only.
  const fromDefault = (module['default'] as Record<string, unknown> | undefined)?.[exportName];
  const add = module[exportName] ?? fromDefault;
  if (typeof add !== 'function') {
    const exported = Object.keys(module).filter((key) => key !== 'default');
    throw new BatonError(
      BatonErrorCode.OrchestrationLoadFailed,
      `Orchestration '${name}' (${packageName}) does not export a function ${exportName}; it exports ${exported.length === 0 ? 'nothing' : exported.join(', ')}. ` +
        'Each orchestration package exports add<Name>Orchestration(builder, options?), the PascalCase of its name.',
    );
  }
  return add as AddOrchestration;
}
