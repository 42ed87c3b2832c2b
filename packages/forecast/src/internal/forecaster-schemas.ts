/**
 * Most history values a forecaster's `predict` accepts: 5,000 periods, about 16 years of daily trading days or a
 * century of weeks. A prediction runs the fitted parameters over the history once, O(history × model state).
 */
export const MAX_HISTORY = 5000;

/** Most forecast steps a forecaster's `predict` accepts (a year of days). */
export const MAX_HORIZON = 366;

/** JSON Schema of one forecaster input (`ForecastInput`). */
export const FORECAST_INPUT_SCHEMA = {
  type: 'object',
  properties: {
    horizon: { type: 'integer', minimum: 1, maximum: MAX_HORIZON },
    history: {
      type: 'object',
      properties: {
        y: { type: 'array', items: { type: 'number' }, minItems: 3, maxItems: MAX_HISTORY },
        ds: {
          type: 'array',
          items: { type: 'string', minLength: 10, maxLength: 10, pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
          maxItems: MAX_HISTORY,
        },
        price: { type: 'array', items: { type: 'number', exclusiveMinimum: 0 }, minItems: 3, maxItems: MAX_HISTORY },
      },
      required: ['y'],
      additionalProperties: false,
    },
    price: { type: 'array', items: { type: 'number', exclusiveMinimum: 0 }, minItems: 1, maxItems: MAX_HORIZON },
  },
  required: ['horizon'],
  additionalProperties: false,
} as const;

/** JSON Schema of one forecaster output (`ForecastOutput`). */
export const FORECAST_OUTPUT_SCHEMA = {
  type: 'object',
  properties: {
    model: { type: 'string' },
    level: { type: 'number' },
    forecasts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ds: { type: 'string' },
          yhat: { type: 'number' },
          lo: { type: 'number' },
          hi: { type: 'number' },
        },
        required: ['ds', 'yhat', 'lo', 'hi'],
      },
    },
  },
  required: ['model', 'level', 'forecasts'],
} as const;
