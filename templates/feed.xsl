<?xml version="1.0" encoding="utf-8"?>
{# XSLT 1.0, the only version browsers run: a feed, Atom or RSS, as a page (pages/feed_style.py).
   Atom's titles and summaries are text; RSS's are HTML written as text, which "text" reads back to text,
   so that the page shows them exactly as a feed reader does, and never as markup. #}
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:a="http://www.w3.org/2005/Atom" exclude-result-prefixes="a">
<xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>

<xsl:template match="/">
<html lang="{{ lang }}">
<head>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta name="color-scheme" content="light dark"/>
<title><xsl:value-of select="a:feed/a:title"/><xsl:apply-templates select="rss/channel/title" mode="text"/></title>
<link rel="icon" href="{{ 'static/favicon.svg' | url }}" type="image/svg+xml"/>
<link rel="stylesheet" href="{{ 'static/style.css' | url }}"/>
</head>
<body>
<header class="site">
  {# Inside the header: axe doesn't take it for a skip link in a transformed page. #}
  <a class="skip" href="#main">{{ words.skip }}</a>
  <a class="brand" href="{{ page_url('home') }}">{{ config.title_in(lang) }}</a>
  <nav aria-label="{{ words.main }}">
    <ul>
    {% for label, path, active in nav %}
      <li><a href="{{ path | url }}"{% if active %} aria-current="page"{% endif %}>{{ label }}</a></li>
    {% endfor %}
    </ul>
  </nav>
</header>
<main id="main">
<xsl:apply-templates select="a:feed | rss/channel"/>
</main>
<footer class="site">
  <p>{{ words.official }}</p>
</footer>
</body>
</html>
</xsl:template>

<xsl:template match="a:feed">
  <h1><xsl:value-of select="a:title"/></h1>
  <p class="lede"><xsl:value-of select="a:subtitle"/></p>
  <xsl:call-template name="subscribe">
    <xsl:with-param name="address" select="a:link[@rel='self']/@href"/>
    <xsl:with-param name="page" select="a:link[not(@rel) or @rel='alternate']/@href"/>
  </xsl:call-template>
  <ul class="cards">
  <xsl:for-each select="a:entry">
    <li><a href="{a:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="a:title"/></a>
    <span><xsl:value-of select="a:summary"/></span></li>
  </xsl:for-each>
  </ul>
</xsl:template>

<xsl:template match="channel">
  <h1><xsl:apply-templates select="title" mode="text"/></h1>
  <p class="lede"><xsl:apply-templates select="description" mode="text"/></p>
  <xsl:call-template name="subscribe">
    <xsl:with-param name="address" select="a:link[@rel='self']/@href"/>
    <xsl:with-param name="page" select="link"/>
  </xsl:call-template>
  <ul class="cards">
  <xsl:for-each select="item">
    <li><a href="{link}"><xsl:apply-templates select="title" mode="text"/></a>
    <span><xsl:apply-templates select="description" mode="text"/></span></li>
  </xsl:for-each>
  </ul>
</xsl:template>

<xsl:template name="subscribe">
  <xsl:param name="address"/>
  <xsl:param name="page"/>
  <p>{{ words.reader }}</p>
  <p>{{ words.subscribe }} <code><xsl:value-of select="$address"/></code></p>
  <p><a href="{$page}">{{ words.page }}</a> · <a href="{{ page_url('feeds') }}">{{ words.feeds }}</a></p>
  <h2>{{ words.entries }}</h2>
</xsl:template>

<xsl:template match="*" mode="text">
  <xsl:call-template name="text">
    <xsl:with-param name="html" select="string(.)"/>
  </xsl:call-template>
</xsl:template>

<!-- HTML's &amp; &lt; &gt; read back to & < > (html.escape's three). A long text is cut in halves, never inside
     an entity, so calls nest about log2(length) deep: one per "&" passed libxslt's limit of 3,000 nested calls
     and variables at about 1,000 "&" or "<" in a label, and a transform that fails is an empty page. -->
<xsl:template name="text">
  <xsl:param name="html"/>
  <xsl:choose>
    <xsl:when test="string-length($html) &lt; 16 or not(contains($html, '&amp;'))">
      <xsl:call-template name="entities"><xsl:with-param name="html" select="$html"/></xsl:call-template>
    </xsl:when>
    <xsl:otherwise>
      <xsl:variable name="half" select="floor(string-length($html) div 2)"/>
      <!-- An entity that starts in the half's last 4 characters may end after it: cut before its "&"
           (at 16 characters or more, that leaves something on both sides). -->
      <xsl:variable name="end" select="substring($html, $half - 3, 4)"/>
      <xsl:variable name="cut">
        <xsl:choose>
          <xsl:when test="contains($end, '&amp;')">
            <xsl:value-of select="$half - 4 + string-length(substring-before($end, '&amp;'))"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$half"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <xsl:call-template name="text"><xsl:with-param name="html" select="substring($html, 1, $cut)"/></xsl:call-template>
      <xsl:call-template name="text"><xsl:with-param name="html" select="substring($html, $cut + 1)"/></xsl:call-template>
    </xsl:otherwise>
  </xsl:choose>
</xsl:template>

<!-- One "&" at a time, left to right: for short texts only (above), so never deep. -->
<xsl:template name="entities">
  <xsl:param name="html"/>
  <xsl:choose>
    <xsl:when test="contains($html, '&amp;')">
      <xsl:variable name="rest" select="substring-after($html, '&amp;')"/>
      <xsl:value-of select="substring-before($html, '&amp;')"/>
      <xsl:choose>
        <xsl:when test="starts-with($rest, 'lt;')">&lt;<xsl:call-template name="entities">
          <xsl:with-param name="html" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
        <xsl:when test="starts-with($rest, 'gt;')">&gt;<xsl:call-template name="entities">
          <xsl:with-param name="html" select="substring($rest, 4)"/></xsl:call-template></xsl:when>
        <xsl:when test="starts-with($rest, 'amp;')">&amp;<xsl:call-template name="entities">
          <xsl:with-param name="html" select="substring($rest, 5)"/></xsl:call-template></xsl:when>
        <xsl:otherwise>&amp;<xsl:call-template name="entities">
          <xsl:with-param name="html" select="$rest"/></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </xsl:when>
    <xsl:otherwise><xsl:value-of select="$html"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>

</xsl:stylesheet>
