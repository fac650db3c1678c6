/**
 * Every console section, in navigation order. To add one: write a {@link ConsoleSection}
 * (src/console/section.ts explains the interface) and add it to this list — one line.
 */
import { accountsSection, auditSection } from './admin.ts';
import { deskSection } from './desk.ts';
import { editorSection } from './editor/section.ts';
import { knowledgeHealthSection, trendsSection } from './insights/sections.ts';
import type { ConsoleSection } from './section.ts';

export const SECTIONS: readonly ConsoleSection[] = [
  deskSection,
  editorSection,
  trendsSection,
  knowledgeHealthSection,
  accountsSection,
  auditSection,
];
