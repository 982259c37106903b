-- Matching an article looks up the deliveries of that article (left from an interrupted attempt).
CREATE INDEX alert_delivery_article ON alert_delivery (article_id);
