import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from './error-body.dto';

/** The founder API's error answers, in the order they are checked (docs/api.md). */
const ERRORS = {
  400: 'The body or a parameter is invalid; the message names each bad field.',
  401: 'No token, or a token that is not valid: sign in again.',
  404: 'Absent, or another founder\'s.',
  409: 'The run\'s status forbids it.',
  413: 'The body is larger than 1 MB.',
  503: 'A service behind the gateway is away for the moment: try again shortly.',
} as const;

export type ErrorStatus = keyof typeof ERRORS;

/** Documents each given error status with the body the gateway really sends. */
export function ApiErrors(...statuses: ErrorStatus[]) {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: ERRORS[status], type: ErrorBodyDto })));
}
