-- Whether the partner gave the item a date: an undated item is dated when Quipu first saw it, and a
-- later source that gives the same story a real date corrects it. Items stored before this column
-- count as dated.
ALTER TABLE partner_item ADD COLUMN dated BOOLEAN DEFAULT TRUE NOT NULL;
