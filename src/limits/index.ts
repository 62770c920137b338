/** Request, token and concurrency limits (memory or Redis backed). */
export {
  createLimits,
  type Admission,
  type LimitAlert,
  type LimitRule,
  type LimitScope,
  type LimitSubjects,
  type Limits,
  type LimitsOptions,
} from './limits.js';
export { countPromptTokens, completionTokensOf } from './tokens.js';
export {
  createBudgets,
  type BudgetRule,
  type Budgets,
  type BudgetsOptions,
  type ModelPrice,
} from './budgets.js';
