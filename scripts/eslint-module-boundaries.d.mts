import type { Rule } from 'eslint';

/** The eslint rule `qingfeng/module-boundaries` (see eslint-module-boundaries.mjs). */
export declare const moduleBoundaries: Rule.RuleModule;
