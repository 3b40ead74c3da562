/**
 * The trained CIDer model as a Tribuo {@code Model<Label>}: prediction with MACI debiasing, and its protobuf form.
 */
package dev.cider.model;
