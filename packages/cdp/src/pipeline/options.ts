import type { PipelineRulesInput, SlaPolicyInput } from "@kith/pipeline"

/**
 * The pipeline's settings in the facade's options: the event rules'
 * settings (`@kith/pipeline`'s `pipelineRules`; timezone and currency default
 * to the workspace's) and the SLA policy `cdp.pipeline.overdue` reads.
 *
 * @example
 * ```ts
 * const pipeline: CdpPipelineOptions = {
 *   rules: { opportunities: { abandonedCheckoutDays: 3 } },
 *   sla: { clock: "calendar", lead: { new: { hours: 2 } }, opportunity: { open: { hours: 24 } } }
 * }
 * ```
 */
export interface CdpPipelineOptions {
  readonly rules?: PipelineRulesInput
  readonly sla?: SlaPolicyInput
}
