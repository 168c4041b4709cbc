import { MESSAGE_STEPS } from './steps';

/**
 * Emails to the seller's contact that are not steps of the cadence (each has its MJML template in
 * `templates/messages/<name>.mjml`, compiled by the same build as the reminders).
 */
export const SELLER_NOTIFICATIONS = ['customer_reply', 'seller_alert'] as const;
export type SellerNotification = (typeof SELLER_NOTIFICATIONS)[number];

/** Every compiled email template: the cadence messages, then the seller notifications. */
export const TEMPLATE_NAMES = [...MESSAGE_STEPS, ...SELLER_NOTIFICATIONS] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];
