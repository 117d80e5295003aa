/** Helpers for antd trees whose levels are loaded on demand. */
import type { ReactNode } from 'react';

/** A node of a lazily loaded tree carrying its record. */
export interface LazyNode<T> {
  key: string;
  title: ReactNode;
  isLeaf: boolean;
  record: T;
  children?: LazyNode<T>[];
}

/** Returns a copy of `nodes` in which the node `key` has the given children. */
export function withChildren<T>(nodes: LazyNode<T>[], key: string, children: LazyNode<T>[]): LazyNode<T>[] {
  return nodes.map((node) => {
    if (node.key === key) return { ...node, children, isLeaf: children.length === 0 };
    if (node.children) return { ...node, children: withChildren(node.children, key, children) };
    return node;
  });
}

/** Returns a copy of `nodes` with the record (and title) of node `key` replaced. */
export function withRecord<T>(
  nodes: LazyNode<T>[],
  key: string,
  update: (node: LazyNode<T>) => LazyNode<T>,
): LazyNode<T>[] {
  return nodes.map((node) => {
    if (node.key === key) return update(node);
    if (node.children) return { ...node, children: withRecord(node.children, key, update) };
    return node;
  });
}

/** Finds a node by key anywhere in the tree. */
export function findNode<T>(nodes: LazyNode<T>[], key: string): LazyNode<T> | undefined {
  for (const node of nodes) {
    if (node.key === key) return node;
    const inner = node.children ? findNode(node.children, key) : undefined;
    if (inner) return inner;
  }
  return undefined;
}
